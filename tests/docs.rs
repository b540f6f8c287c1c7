//! The documentation names every output: figures and CSV columns cannot drift from the code.

use amtsim::output::{APPOINTMENT_COLUMNS, DAILY_COLUMNS, PERMIT_COLUMNS, PORTAL_COLUMNS, STAFF_COLUMNS};
use amtsim::stats::FIGURES;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn output_doc_lists_every_figure_with_its_unit() {
    let doc = read("docs/output.md");
    for f in FIGURES {
        let row = format!("| `{}` | {} |", f.name, f.unit);
        assert!(doc.contains(&row), "docs/output.md lacks {row}");
    }
}

#[test]
fn output_doc_lists_every_csv_column() {
    let doc = read("docs/output.md");
    for col in
        DAILY_COLUMNS.iter().chain(PORTAL_COLUMNS).chain(STAFF_COLUMNS).chain(PERMIT_COLUMNS).chain(APPOINTMENT_COLUMNS)
    {
        assert!(doc.contains(&format!("`{col}`")), "docs/output.md lacks column {col}");
    }
}
