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

/// A set of elements, one bit per symbol of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct ElementSet(u128);

impl ElementSet {
    /// The elements among `symbols` (unknown symbols are left out; loading rejects them).
    pub fn of<'a>(symbols: impl IntoIterator<Item = &'a String>) -> ElementSet {
        symbols
            .into_iter()
            .filter_map(|s| SYMBOLS.binary_search(&s.as_str()).ok())
            .fold(ElementSet(0), |acc, i| acc.union(ElementSet::bit(i)))
    }

    fn bit(i: usize) -> ElementSet {
        u32::try_from(i)
            .ok()
            .and_then(|i| 1u128.checked_shl(i))
            .map_or(ElementSet(0), ElementSet)
    }

    #[must_use]
    pub fn union(self, other: ElementSet) -> ElementSet {
        ElementSet(self.0 | other.0)
    }

    /// Whether `symbol` is in the set.
    pub fn contains(self, symbol: &str) -> bool {
        SYMBOLS
            .binary_search(&symbol)
            .is_ok_and(|i| self.0 & ElementSet::bit(i).0 != 0)
    }
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
    fn element_sets() {
        let s = ElementSet::of(&["Dy".to_owned(), "Fe".to_owned()]);
        assert!(s.contains("Dy") && s.contains("Fe") && !s.contains("Nd"));
        let all: Vec<String> = SYMBOLS.iter().map(|s| (*s).to_owned()).collect();
        let full = ElementSet::of(&all);
        assert!(SYMBOLS.iter().all(|s| full.contains(s)));
        assert!(!ElementSet::default().contains("Zr"));
    }

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
