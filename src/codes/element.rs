//! Chemical element symbols, for `material.elements`.

/// All 118 element symbols, sorted for `binary_search` (a unit test checks the order).
const SYMBOLS: &[&str] = &[
    "Ac", "Ag", "Al", "Am", "Ar", "As", "At", "Au", "B", "Ba", "Be", "Bh", "Bi", "Bk", "Br", "C",
    "Ca", "Cd", "Ce", "Cf", "Cl", "Cm", "Cn", "Co", "Cr", "Cs", "Cu", "Db", "Ds", "Dy", "Er", "Es",
    "Eu", "F", "Fe", "Fl", "Fm", "Fr", "Ga", "Gd", "Ge", "H", "He", "Hf", "Hg", "Ho", "Hs", "I",
    "In", "Ir", "K", "Kr", "La", "Li", "Lr", "Lu", "Lv", "Mc", "Md", "Mg", "Mn", "Mo", "Mt", "N",
    "Na", "Nb", "Nd", "Ne", "Nh", "Ni", "No", "Np", "O", "Og", "Os", "P", "Pa", "Pb", "Pd", "Pm",
    "Po", "Pr", "Pt", "Pu", "Ra", "Rb", "Re", "Rf", "Rg", "Rh", "Rn", "Ru", "S", "Sb", "Sc", "Se",
    "Sg", "Si", "Sm", "Sn", "Sr", "Ta", "Tb", "Tc", "Te", "Th", "Ti", "Tl", "Tm", "Ts", "U", "V",
    "W", "Xe", "Y", "Yb", "Zn", "Zr",
];

/// Whether `symbol` is a chemical element symbol, case-sensitive (`Dy`, not `DY`).
pub fn is_element(symbol: &str) -> bool {
    SYMBOLS.binary_search(&symbol).is_ok()
}

/// The symbol spelled with the right case, if `symbol` is one in another case (`DY` -> `Dy`).
pub fn recase(symbol: &str) -> Option<&'static str> {
    SYMBOLS
        .iter()
        .copied()
        .find(|s| s.eq_ignore_ascii_case(symbol))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_complete() {
        assert!(SYMBOLS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(SYMBOLS.len(), 118);
    }

    #[test]
    fn rare_earths_are_elements_case_sensitively() {
        for s in [
            "Nd", "Dy", "Tb", "Sm", "Co", "Fe", "B", "Y", "Sc", "Lu", "Gd",
        ] {
            assert!(is_element(s), "{s}");
        }
        assert!(!is_element("DY"));
        assert!(!is_element("Xx"));
        assert_eq!(recase("DY"), Some("Dy"));
        assert_eq!(recase("nd"), Some("Nd"));
        assert_eq!(recase("Qq"), None);
    }
}
