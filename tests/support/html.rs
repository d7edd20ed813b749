//! Reading a printed table (`pages/ledger.html`) back: the header cells with their spans and
//! the body rows as text, entities decoded — to compare with the workbook read by calamine.

/// A header cell: its text, `rowspan` and `colspan` (1 when not given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Th {
    pub text: String,
    pub rowspan: u32,
    pub colspan: u32,
}

/// The table of a printed page: the header rows (`<thead>`) and the body rows (`<tbody>`).
#[derive(Debug, Clone, Default)]
pub struct PrintedTable {
    pub head: Vec<Vec<Th>>,
    pub rows: Vec<Vec<String>>,
}

/// The text between `open` and `close` after `from`, and where it ends.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = start + text[start..].find(close)?;
    Some(&text[start..end])
}

/// `&amp;` `&lt;` `&gt;` `&quot;` `&#39;` back to their characters.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn attribute(tag: &str, name: &str) -> Option<u32> {
    between(tag, &format!("{name}=\""), "\"").and_then(|v| v.parse().ok())
}

/// The cells `<{name} …>text</{name}>` of one row: the opening tag and the text.
fn cells<'a>(row: &'a str, name: &str) -> Vec<(&'a str, String)> {
    let mut out = Vec::new();
    let mut rest = row;
    let open = format!("<{name}");
    let close = format!("</{name}>");
    while let Some(start) = rest.find(&open) {
        let tag_end = start + rest[start..].find('>').expect("a closed tag");
        let end = tag_end + rest[tag_end..].find(&close).expect("a closed cell");
        out.push((&rest[start..tag_end], unescape(&rest[tag_end + 1..end])));
        rest = &rest[end + close.len()..];
    }
    out
}

fn rows(part: &str) -> Vec<&str> {
    part.split("<tr>")
        .skip(1)
        .map(|r| r.split("</tr>").next().unwrap_or_default())
        .collect()
}

/// The first `<table>` of `html`.
pub fn printed_table(html: &str) -> PrintedTable {
    let head = between(html, "<thead>", "</thead>").expect("a thead");
    let body = between(html, "<tbody>", "</tbody>").expect("a tbody");
    PrintedTable {
        head: rows(head)
            .into_iter()
            .map(|r| {
                cells(r, "th")
                    .into_iter()
                    .map(|(tag, text)| Th {
                        text,
                        rowspan: attribute(tag, "rowspan").unwrap_or(1),
                        colspan: attribute(tag, "colspan").unwrap_or(1),
                    })
                    .collect()
            })
            .collect(),
        rows: rows(body)
            .into_iter()
            .map(|r| cells(r, "td").into_iter().map(|(_, text)| text).collect())
            .collect(),
    }
}
