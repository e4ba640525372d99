//! Small validated codes shared by the file formats: countries, currencies, elements, decimals.

pub mod country;
pub mod currency;
pub mod date;
pub mod decimal;
pub mod element;
pub mod text;
