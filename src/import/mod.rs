//! `mentor import`: form exports (CSV, XLSX) into people files, safely and
//! repeatably.

pub mod convert;
pub mod mapping;
pub mod plan;
pub mod table;
