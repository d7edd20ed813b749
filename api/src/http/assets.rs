//! 客户端静态资源 — the web client's built files under `assets/` (names carry a hash of their
//! content, so they never change), sent as the build's Brotli copy `x.js.br` (written once, at
//! the highest quality, by the client's build) when the browser accepts Brotli. Compressing on
//! the fly (the `Compress` middleware, gzip at a fast level) gave the volunteer's first screen
//! ≈ 40 % more bytes to download on a slow phone network (docs/benchmarks.md). Any other
//! request, or a file without a copy, is answered as before.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};

/// The built client's folder (`--web-dir`).
#[derive(Debug, Clone)]
pub struct WebDir(pub PathBuf);

/// `GET /assets/{file}`.
pub async fn asset(req: HttpRequest, dir: web::Data<WebDir>, file: web::Path<String>) -> HttpResponse {
    let file = file.into_inner();
    if !is_plain_name(&file) {
        return HttpResponse::NotFound().finish();
    }
    let path = dir.0.join("assets").join(&file);
    if !path.is_file() {
        return HttpResponse::NotFound().finish();
    }
    let accepted = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let copy = PathBuf::from(format!("{}.br", path.display()));
    let opened = if accepts(accepted, "br") && copy.is_file() {
        NamedFile::open_async(&copy).await.map(|f| {
            f.set_content_type(actix_files::file_extension_to_mime(extension(&path)))
                .set_content_encoding(ContentEncoding::Brotli)
                .disable_content_disposition()
        })
    } else {
        NamedFile::open_async(&path)
            .await
            .map(NamedFile::disable_content_disposition)
    };
    let mut response = match opened {
        Ok(file) => file.into_response(&req),
        Err(_) => return HttpResponse::NotFound().finish(),
    };
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    // A hashed name is never reused for other content.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    response
}

/// A file name of the build's own shape: no folder, no hidden file, no way out of `assets/`.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

fn extension(path: &Path) -> &str {
    path.extension().and_then(|e| e.to_str()).unwrap_or("")
}

/// Whether `Accept-Encoding` accepts `coding` (by name, or `*`), and not with `q=0`.
fn accepts(header: &str, coding: &str) -> bool {
    let mut named = None;
    let mut any = None;
    for item in header.split(',') {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        if name.eq_ignore_ascii_case(coding) {
            named = Some(!refused);
        } else if name == "*" {
            any = Some(!refused);
        }
    }
    named.or(any).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_encoding_is_read_by_name_and_weight() {
        let chrome = "gzip, deflate, br, zstd";
        assert!(accepts(chrome, "br") && accepts(chrome, "gzip"));
        assert!(!accepts("gzip, deflate", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(accepts("BR;q=0.5", "br"));
        assert!(accepts("*", "br"));
        assert!(!accepts("*, br;q=0", "br"));
        assert!(!accepts("", "gzip"));
    }

    #[test]
    fn only_the_builds_own_names_are_served() {
        assert!(is_plain_name("main-pZzNSamB.js"));
        for name in ["", ".env", "..", "a/b.js", "a\\b.js", "主.js"] {
            assert!(!is_plain_name(name), "{name}");
        }
    }
}
