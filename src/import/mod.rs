//! `mentor import`: form exports (CSV, XLSX) into people files, safely and
//! repeatably.

pub mod mapping;
pub mod people;
pub mod table;
