//! A result CSV file read into memory, with columns found by name (result files may gain
//! columns at the end; the report must not depend on their positions).

use std::path::{Path, PathBuf};

use super::error::{read_text, ReportError};

/// The rows of one CSV file.
#[derive(Debug, Clone)]
pub struct CsvTable {
    pub path: PathBuf,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl CsvTable {
    /// Reads `path`; a row with another number of cells than the header is an error.
    pub fn read(path: &Path) -> Result<CsvTable, ReportError> {
        CsvTable::parse(path, &read_text(path)?)
    }

    /// Reads only the columns named in `keep` (the others are dropped while reading, so a
    /// long run's per-day files do not have to fit in memory whole). A missing column is
    /// reported when it is looked up.
    pub fn read_columns(path: &Path, keep: &[&str]) -> Result<CsvTable, ReportError> {
        CsvTable::parse_columns(path, &read_text(path)?, Some(keep))
    }

    /// Parses CSV text (RFC 4180, read by the csv crate: quoted cells may hold commas,
    /// quotes and line breaks).
    pub fn parse(path: &Path, text: &str) -> Result<CsvTable, ReportError> {
        CsvTable::parse_columns(path, text, None)
    }

    fn parse_columns(path: &Path, text: &str, keep: Option<&[&str]>) -> Result<CsvTable, ReportError> {
        if text.trim().is_empty() {
            return Err(ReportError::format(path, "the file is empty"));
        }
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let bad = |e: csv::Error| ReportError::format(path, e.to_string());
        let header: Vec<String> = reader.headers().map_err(bad)?.iter().map(str::to_string).collect();
        let kept: Vec<usize> = match keep {
            Some(names) => (0..header.len()).filter(|&i| names.contains(&header[i].as_str())).collect(),
            None => (0..header.len()).collect(),
        };
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(bad)?;
            if record.len() != header.len() {
                let line = record.position().map_or(0, csv::Position::line);
                let message = format!("line {line} has {} cells, the header {}", record.len(), header.len());
                return Err(ReportError::format(path, message));
            }
            rows.push(kept.iter().map(|&k| record[k].to_string()).collect());
        }
        let header = kept.iter().map(|&k| header[k].clone()).collect();
        Ok(CsvTable { path: path.to_path_buf(), header, rows })
    }

    /// Index of the column `name`.
    pub fn column(&self, name: &str) -> Result<usize, ReportError> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| ReportError::MissingColumn { path: self.path.clone(), column: name.to_string() })
    }

    /// The cell as a number: NaN when empty or not a number (undefined values are empty).
    pub fn number(row: &[String], column: usize) -> f64 {
        row[column].parse().unwrap_or(f64::NAN)
    }

    /// The cell as a non-negative index, or a format error naming the row.
    pub fn index(&self, row: &[String], column: usize) -> Result<usize, ReportError> {
        row[column].parse().map_err(|_| {
            ReportError::format(&self.path, format!("{}: {:?} is not a whole number", self.header[column], row[column]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_by_name_and_empty_cells_are_nan() {
        let t = CsvTable::parse(Path::new("x.csv"), "a,b,c\n1,,\"x,y\"\n2,3.5,z\n").unwrap();
        let b = t.column("b").unwrap();
        assert!(CsvTable::number(&t.rows[0], b).is_nan());
        assert_eq!(CsvTable::number(&t.rows[1], b), 3.5);
        assert_eq!(t.rows[0][2], "x,y");
        assert_eq!(t.index(&t.rows[1], 0).unwrap(), 2);
        assert!(t.column("d").unwrap_err().to_string().contains("\"d\""));
    }

    #[test]
    fn only_the_kept_columns_are_read() {
        let t = CsvTable::parse_columns(Path::new("x.csv"), "a,b,c\n1,2,3\n4,5,6\n", Some(&["c", "a"])).unwrap();
        assert_eq!(t.header, vec!["a", "c"]);
        assert_eq!(t.rows, vec![vec!["1", "3"], vec!["4", "6"]]);
        assert!(t.column("b").is_err());
    }

    #[test]
    fn ragged_rows_and_empty_files_are_errors() {
        assert!(CsvTable::parse(Path::new("x.csv"), "a,b\n1\n").unwrap_err().to_string().contains("line 2"));
        assert!(CsvTable::parse(Path::new("x.csv"), "").is_err());
    }
}
