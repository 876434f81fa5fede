//! CSV cells and rows (RFC 4180) that are safe to open in a spreadsheet.

/// Appends one row of `cells` to `out`, escaped, ending in CRLF.
pub fn push_row<S: AsRef<str>>(out: &mut String, cells: impl IntoIterator<Item = S>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell.as_ref());
    }
    out.push_str("\r\n");
}

/// Appends one cell: quoted when it holds a comma, quote or line break (quotes doubled), and
/// prefixed with `'` when it starts with a character a spreadsheet would read as a formula.
pub fn push_cell(out: &mut String, cell: &str) {
    let formula_like = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let needs_quotes = cell.contains([',', '"', '\r', '\n']) || formula_like;
    if needs_quotes {
        out.push('"');
    }
    if formula_like {
        out.push('\'');
    }
    for c in cell.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if needs_quotes {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> String {
        let mut out = String::new();
        push_row(&mut out, cells);
        out
    }

    #[test]
    fn plain_cells_are_written_as_they_are() {
        assert_eq!(row(&["day", "12", "", "kk"]), "day,12,,kk\r\n");
    }

    #[test]
    fn separators_quotes_and_line_breaks_are_quoted() {
        assert_eq!(
            row(&["a,b", "say \"hi\"", "x\ny"]),
            "\"a,b\",\"say \"\"hi\"\"\",\"x\ny\"\r\n"
        );
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(
            row(&["=1+1", "+7", "-2", "@SUM(A1)", "\tx"]),
            "\"'=1+1\",\"'+7\",\"'-2\",\"'@SUM(A1)\",\"'\tx\"\r\n"
        );
        assert_eq!(
            row(&["=HYPERLINK(\"x\")"]),
            "\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
    }
}
