//! 报表导出 — the forms offices hand in, written as workbooks (rust_xlsxwriter) or zip packs.
//! Pure: the service reads, scopes and masks; these only lay out what they are given.

pub mod districts;
pub mod figures;
pub mod forms;
pub mod table;
pub mod yubei;

use std::io::Write;

pub use forms::{DistrictForms, FormCode, FormKind, HandIn};

/// A file to download: its name (Chinese, as offices name them), media type and bytes.
#[derive(Debug, Clone)]
pub struct ExportFile {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const ZIP: &str = "application/zip";
pub const HTML: &str = "text/html; charset=utf-8";
pub const CSV: &str = "text/csv; charset=utf-8";

/// Packs `files` into one zip (deflated), each under its own name (a name may hold `/`).
pub fn zip_files(files: &[ExportFile]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for file in files {
        out.start_file(file.file_name.as_str(), options)?;
        out.write_all(&file.bytes)?;
    }
    Ok(out.finish()?.into_inner())
}
