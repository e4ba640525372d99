//! The HTML report opened in a real headless browser (Debian's `chromium`, which `.ci/run`
//! installs when missing): the page loads with no console message (no script error, no
//! blocked fetch), the verdict, every finding and the BOM picture are in the DOM, and a
//! screenshot and a PDF print are written under `target/browser/` for a person to look at.
//!
//! Without a browser the test says so on stderr and passes: set `LONGARM_REQUIRE_BROWSER=1`
//! to make a missing browser a failure.

mod common;

use common::cli::longarm;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn browser() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LONGARM_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

fn out_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the browser headless on `page` with `args`: (stdout, stderr).
fn headless(browser: &Path, page: &Path, profile: &str, args: &[&str]) -> (String, String) {
    let profile = out_dir().join(format!("profile-{profile}-{}", std::process::id()));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the browser");
    // Read both pipes on threads so a full pipe cannot stall the browser.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            panic!("the browser did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::remove_dir_all(&profile).ok();
    (out.join().unwrap(), err.join().unwrap())
}

fn console_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

#[test]
fn the_html_report_renders_in_headless_chromium() {
    let Some(browser) = browser() else {
        let message = "SKIPPED the_html_report_renders_in_headless_chromium: no chromium on PATH \
                       (install Debian's `chromium`; `.ci/run` does when apt is available)";
        if std::env::var_os("LONGARM_REQUIRE_BROWSER").is_some() {
            panic!("{message}");
        }
        eprintln!("{message}");
        return;
    };
    let dir = out_dir();
    let page = dir.join("motor-report.html");
    let page_arg = page.to_str().unwrap();
    let (code, _, err) = longarm(&[
        "check",
        "examples/motor.scenario.json",
        "--format",
        "html",
        "-o",
        page_arg,
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, json, _) = longarm(&["check", "examples/motor.scenario.json", "--format", "json"]);
    assert_eq!(code, 2);
    let determination: serde_json::Value = serde_json::from_str(&json).unwrap();

    // The detector sees a console message on a page that causes one, so its silence on the
    // report means something.
    let control = dir.join("console-control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head><body><img src=\"missing.png\"></body></html>",
    )
    .unwrap();
    let (_, control_err) = headless(&browser, &control, "control", &["--dump-dom"]);
    assert!(
        !console_lines(&control_err).is_empty(),
        "the browser logs no console messages, so the test could not see errors:\n{control_err}"
    );

    let (dom, stderr) = headless(&browser, &page, "dom", &["--dump-dom"]);
    assert!(
        console_lines(&stderr).is_empty(),
        "console messages: {:?}",
        console_lines(&stderr)
    );
    assert!(
        dom.contains("id=\"verdict\" data-verdict=\"license_required\""),
        "{dom}"
    );
    assert!(dom.contains("Licence required"));
    let mut findings = 0;
    for j in determination["jurisdictions"].as_array().unwrap() {
        for f in j["findings"].as_array().unwrap() {
            let rule = f["rule"].as_str().unwrap();
            assert!(
                dom.contains(&format!("data-rule=\"{rule}\"")),
                "{rule} not in the DOM"
            );
            findings += 1;
        }
        let id = j["jurisdiction"].as_str().unwrap();
        assert!(dom.contains(&format!("id=\"j-{id}\"")), "{id}");
    }
    assert!(findings >= 3, "{findings}");
    // The picture, with the contributing path highlighted.
    assert!(
        dom.contains("class=\"bom-picture\""),
        "no SVG picture in the DOM"
    );
    assert!(dom.contains("class=\"node on-path\" data-item=\"DY-METAL\""));
    assert!(dom.contains("class=\"edge on-path\""));

    let shot = dir.join("motor-report.png");
    std::fs::remove_file(&shot).ok();
    headless(
        &browser,
        &page,
        "shot",
        &[
            "--window-size=1200,2600",
            &format!("--screenshot={}", shot.display()),
        ],
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "{}",
        png.len()
    );

    let pdf = dir.join("motor-report.pdf");
    std::fs::remove_file(&pdf).ok();
    headless(
        &browser,
        &page,
        "pdf",
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("a PDF print");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    eprintln!(
        "browser test: {} ({} bytes), {} ({} bytes), {} ({} bytes)",
        page.display(),
        std::fs::metadata(&page).unwrap().len(),
        shot.display(),
        png.len(),
        pdf.display(),
        bytes.len()
    );
}
