//! 巡访照片 — the photo and signature images that visit records reference
//! (docs/record-format.md §3.11, §3.12): which files are accepted, and the metadata taken out
//! before anything is stored.
//!
//! Stripping never re-encodes. It walks the file's segments (JPEG) or chunks (PNG), drops those
//! that can carry metadata — EXIF with its GPS position, XMP, ICC profiles, comments, text
//! chunks, timestamps — and copies every other byte verbatim. A file it cannot walk is refused
//! as malformed; nothing here panics on any input.

use super::input::Coded;
use super::record::format::ImageType;

/// Largest image accepted, in bytes (8 MiB).
pub const MAX_PHOTO_BYTES: usize = 8 * 1024 * 1024;

const JPEG_MAGIC: [u8; 3] = [0xFF, 0xD8, 0xFF];
const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n'];

/// Why an image was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("图片为空 (the image is empty)")]
    Empty,
    #[error("图片不能超过 {} MiB (the image is larger than {} MiB)", MAX_PHOTO_BYTES >> 20, MAX_PHOTO_BYTES >> 20)]
    TooLarge,
    #[error("只接受 JPEG 或 PNG 图片 (only image/jpeg and image/png are accepted)")]
    UnsupportedType,
    #[error(
        "图片内容是 {actual}，与声明的类型 {declared} 不符 (the content is {actual}, not the declared {declared})"
    )]
    TypeMismatch {
        declared: &'static str,
        actual: &'static str,
    },
    #[error("图片文件已损坏或不完整 (malformed image: {0})")]
    Malformed(&'static str),
}

impl Coded for PhotoError {
    fn code(&self) -> &'static str {
        match self {
            PhotoError::Empty => "empty",
            PhotoError::TooLarge => "too_large",
            PhotoError::UnsupportedType => "unsupported_type",
            PhotoError::TypeMismatch { .. } => "type_mismatch",
            PhotoError::Malformed(_) => "malformed",
        }
    }
}

/// The image type by its first bytes (magic numbers), whatever the file claims to be.
pub fn sniff(bytes: &[u8]) -> Option<ImageType> {
    if bytes.starts_with(&JPEG_MAGIC) {
        Some(ImageType::Jpeg)
    } else if bytes.starts_with(&PNG_SIGNATURE) {
        Some(ImageType::Png)
    } else {
        None
    }
}

/// The image type a `Content-Type` value names (`image/jpeg`, `image/png`; parameters and
/// letter case ignored).
pub fn declared_type(content_type: &str) -> Result<ImageType, PhotoError> {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    ImageType::parse_code(&essence.to_ascii_lowercase()).ok_or(PhotoError::UnsupportedType)
}

/// Checks an upload — not empty, within [`MAX_PHOTO_BYTES`], a JPEG or PNG of the declared
/// `content_type` — and returns its type and its bytes without metadata.
pub fn clean(content_type: &str, bytes: &[u8]) -> Result<(ImageType, Vec<u8>), PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let declared = declared_type(content_type)?;
    let actual = sniff(bytes).ok_or(PhotoError::UnsupportedType)?;
    if actual != declared {
        return Err(PhotoError::TypeMismatch {
            declared: declared.as_str(),
            actual: actual.as_str(),
        });
    }
    Ok((actual, strip_metadata(actual, bytes)?))
}

/// The image without its metadata, every kept byte unchanged. Stripping twice gives the same
/// bytes as stripping once.
///
/// JPEG: keeps APP0 (JFIF) and every segment that describes the image (SOF, DHT, DQT, DRI,
/// SOS …) with the entropy-coded data, up to EOI; drops APP1–APP15 (EXIF, GPS, XMP, ICC …), COM
/// and anything after EOI. PNG: keeps the critical chunks and `tRNS`, `gAMA`, `cHRM`, `sRGB`,
/// `pHYs`; drops every other ancillary chunk (`tEXt`, `zTXt`, `iTXt`, `eXIf`, `tIME`, `iCCP` …)
/// and anything after IEND, checking each chunk's length and CRC on the way.
pub fn strip_metadata(kind: ImageType, bytes: &[u8]) -> Result<Vec<u8>, PhotoError> {
    match kind {
        ImageType::Jpeg => strip_jpeg(bytes),
        ImageType::Png => strip_png(bytes),
    }
}

const TRUNCATED: PhotoError = PhotoError::Malformed("truncated");

fn strip_jpeg(bytes: &[u8]) -> Result<Vec<u8>, PhotoError> {
    if !bytes.starts_with(&JPEG_MAGIC[..2]) {
        return Err(PhotoError::Malformed("no JPEG start-of-image marker"));
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&JPEG_MAGIC[..2]);
    let mut at = 2;
    let (mut frame, mut scan) = (false, false);
    loop {
        // A marker: 0xFF, optional 0xFF fill bytes, then the marker code.
        if bytes.get(at) != Some(&0xFF) {
            return Err(if at >= bytes.len() {
                TRUNCATED
            } else {
                PhotoError::Malformed("expected a JPEG marker")
            });
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let marker = *bytes.get(at).ok_or(TRUNCATED)?;
        at += 1;
        match marker {
            0xD9 => {
                if !scan {
                    return Err(PhotoError::Malformed("no image data before end of image"));
                }
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Ok(out);
            }
            0x00 | 0xD8 => return Err(PhotoError::Malformed("unexpected JPEG marker")),
            // Markers without a length (TEM, RSTn).
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&[0xFF, marker]);
                continue;
            }
            _ => {}
        }
        let Some(&[high, low]) = bytes.get(at..at + 2) else {
            return Err(TRUNCATED);
        };
        let length = usize::from(u16::from_be_bytes([high, low]));
        if length < 2 {
            return Err(PhotoError::Malformed("JPEG segment length below 2"));
        }
        let end = at + length;
        // `at - 2` is the last 0xFF before the marker code: the segment as written, no fill.
        let segment = bytes.get(at - 2..end).ok_or(TRUNCATED)?;
        let metadata = matches!(marker, 0xE1..=0xEF | 0xFE);
        if !metadata {
            out.extend_from_slice(segment);
        }
        at = end;
        // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            frame = true;
        }
        if marker == 0xDA {
            if !frame {
                return Err(PhotoError::Malformed("scan before frame header"));
            }
            scan = true;
            let data_end = entropy_coded_end(bytes, at)?;
            out.extend_from_slice(bytes.get(at..data_end).ok_or(TRUNCATED)?);
            at = data_end;
        }
    }
}

/// Where the entropy-coded data starting at `from` ends: at the first 0xFF that is neither a
/// stuffed 0xFF 0x00 nor a restart marker.
fn entropy_coded_end(bytes: &[u8], from: usize) -> Result<usize, PhotoError> {
    let mut at = from;
    loop {
        let ff = bytes
            .get(at..)
            .and_then(|rest| rest.iter().position(|&b| b == 0xFF))
            .ok_or(TRUNCATED)?;
        at += ff;
        match bytes.get(at + 1) {
            None => return Err(TRUNCATED),
            Some(0x00 | 0xD0..=0xD7) => at += 2,
            Some(_) => return Ok(at),
        }
    }
}

/// Ancillary PNG chunks that affect how the pixels look and carry nothing about the person.
const PNG_KEPT: [&[u8; 4]; 5] = [b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"pHYs"];

fn strip_png(bytes: &[u8]) -> Result<Vec<u8>, PhotoError> {
    if !bytes.starts_with(&PNG_SIGNATURE) {
        return Err(PhotoError::Malformed("no PNG signature"));
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&PNG_SIGNATURE);
    let mut at = PNG_SIGNATURE.len();
    let mut image_data = false;
    loop {
        let Some(&[l0, l1, l2, l3, k0, k1, k2, k3]) = bytes.get(at..at + 8) else {
            return Err(TRUNCATED);
        };
        let length = u32::from_be_bytes([l0, l1, l2, l3]);
        let kind = [k0, k1, k2, k3];
        if length > 0x7FFF_FFFF {
            return Err(PhotoError::Malformed("PNG chunk length out of range"));
        }
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(PhotoError::Malformed("invalid PNG chunk type"));
        }
        let length = usize::try_from(length).map_err(|_| TRUNCATED)?;
        let end = at
            .checked_add(12)
            .and_then(|n| n.checked_add(length))
            .ok_or(TRUNCATED)?;
        let chunk = bytes.get(at..end).ok_or(TRUNCATED)?;
        let (body, crc) = chunk.split_at(8 + length);
        if crc32(body.get(4..).ok_or(TRUNCATED)?).to_be_bytes() != crc {
            return Err(PhotoError::Malformed("PNG chunk checksum does not match"));
        }
        let first = at == PNG_SIGNATURE.len();
        if first != (&kind == b"IHDR") || (first && length != 13) {
            return Err(PhotoError::Malformed("PNG must start with one 13-byte IHDR chunk"));
        }
        image_data |= &kind == b"IDAT";
        let critical = kind[0].is_ascii_uppercase();
        if critical || PNG_KEPT.contains(&&kind) {
            out.extend_from_slice(chunk);
        }
        at = end;
        if &kind == b"IEND" {
            if !image_data {
                return Err(PhotoError::Malformed("no IDAT chunk before IEND"));
            }
            return Ok(out);
        }
    }
}

/// CRC-32 (ISO 3309, as PNG uses it).
#[expect(
    clippy::indexing_slicing,
    reason = "a u8 index is below 256, the length of CRC_TABLE"
)]
pub fn crc32(bytes: &[u8]) -> u32 {
    !bytes
        .iter()
        .fold(!0u32, |crc, &b| CRC_TABLE[usize::from((crc as u8) ^ b)] ^ (crc >> 8))
}

#[expect(clippy::indexing_slicing, reason = "n runs below 256, the length of the table")]
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn cat(parts: &[&[u8]]) -> Vec<u8> {
        parts.concat()
    }

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let length = u16::try_from(payload.len() + 2).expect("short payload");
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&length.to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    struct Jpeg {
        soi: Vec<u8>,
        app0: Vec<u8>,
        exif: Vec<u8>,
        icc: Vec<u8>,
        dqt: Vec<u8>,
        sof: Vec<u8>,
        dht: Vec<u8>,
        comment: Vec<u8>,
        sos: Vec<u8>,
        data: Vec<u8>,
        eoi: Vec<u8>,
    }

    /// A structurally valid baseline JPEG, built by hand, with EXIF (GPS), ICC and a comment.
    fn jpeg() -> Jpeg {
        Jpeg {
            soi: vec![0xFF, 0xD8],
            app0: segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"),
            exif: segment(
                0xE1,
                b"Exif\0\0MM\0\x2a\0\0\0\x08GPSLatitude 29.7012N GPSLongitude 106.6034E",
            ),
            icc: segment(0xE2, b"ICC_PROFILE\0\x01\x01some profile"),
            dqt: segment(0xDB, &[0u8; 65]),
            sof: segment(0xC0, &[8, 0, 16, 0, 16, 1, 1, 0x11, 0]),
            dht: segment(0xC4, &[0u8; 17]),
            comment: segment(0xFE, b"taken at Zhang's house"),
            sos: segment(0xDA, &[1, 1, 0, 0, 63, 0]),
            // Stuffed 0xFF 0x00 and a restart marker inside the entropy-coded data.
            data: vec![0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78, 0x9A],
            eoi: vec![0xFF, 0xD9],
        }
    }

    impl Jpeg {
        fn full(&self) -> Vec<u8> {
            cat(&[
                &self.soi,
                &self.app0,
                &self.exif,
                &self.icc,
                &self.dqt,
                &self.sof,
                &self.dht,
                &self.comment,
                &self.sos,
                &self.data,
                &self.eoi,
            ])
        }

        fn stripped(&self) -> Vec<u8> {
            cat(&[
                &self.soi, &self.app0, &self.dqt, &self.sof, &self.dht, &self.sos, &self.data, &self.eoi,
            ])
        }
    }

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = u32::try_from(data.len()).expect("short chunk").to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&crc32(&c[4..]).to_be_bytes());
        c
    }

    fn ihdr() -> Vec<u8> {
        chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0])
    }

    /// A 1×1 PNG with text, time, ICC and EXIF chunks around the image data.
    fn png() -> Vec<u8> {
        [
            PNG_SIGNATURE.to_vec(),
            ihdr(),
            chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]),
            chunk(b"iCCP", b"icc\0\0profile"),
            chunk(b"tEXt", b"Comment\0GPS 29.7012N 106.6034E"),
            chunk(b"eXIf", b"MM\0\x2aGPS"),
            chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0, 0, 0, 2, 0, 1]),
            chunk(b"tIME", &[7, 234, 5, 6, 9, 5, 0]),
            chunk(b"iTXt", b"Author\0\0\0\0\0Li Si"),
            chunk(b"IEND", &[]),
        ]
        .concat()
    }

    fn png_stripped() -> Vec<u8> {
        [
            PNG_SIGNATURE.to_vec(),
            ihdr(),
            chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]),
            chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0, 0, 0, 2, 0, 1]),
            chunk(b"IEND", &[]),
        ]
        .concat()
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn photo_types_are_sniffed_by_magic_bytes() {
        assert_eq!(sniff(&jpeg().full()), Some(ImageType::Jpeg));
        assert_eq!(sniff(&png()), Some(ImageType::Png));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(&[0xFF, 0xD8]), None);
        assert_eq!(sniff(&[]), None);
    }

    #[test]
    fn photo_jpeg_loses_exif_gps_icc_and_comments_and_keeps_the_rest_byte_for_byte() {
        let jpeg = jpeg();
        let full = jpeg.full();
        assert!(contains(&full, b"GPSLatitude"));
        let out = strip_metadata(ImageType::Jpeg, &full).expect("strips");
        assert_eq!(out, jpeg.stripped());
        assert!(!contains(&out, b"Exif"));
        assert!(!contains(&out, b"GPS"));
        assert!(!contains(&out, b"ICC_PROFILE"));
        assert!(!contains(&out, b"Zhang"));
    }

    #[test]
    fn photo_jpeg_without_metadata_comes_back_unchanged() {
        let clean = jpeg().stripped();
        assert_eq!(strip_metadata(ImageType::Jpeg, &clean), Ok(clean));
    }

    #[test]
    fn photo_jpeg_fill_bytes_and_trailing_data_are_dropped() {
        let jpeg = jpeg();
        let mut padded = jpeg.soi.clone();
        padded.extend_from_slice(&[0xFF, 0xFF]); // fill bytes before APP0's marker
        padded.extend_from_slice(&jpeg.app0);
        padded.extend(jpeg.full()[2 + jpeg.app0.len()..].iter());
        padded.extend_from_slice(b"appended secret after EOI");
        let out = strip_metadata(ImageType::Jpeg, &padded).expect("strips");
        assert_eq!(out, jpeg.stripped());
    }

    #[test]
    fn photo_progressive_jpeg_keeps_every_scan_and_table() {
        let jpeg = jpeg();
        let sof2 = segment(0xC2, &[8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
        let dht2 = segment(0xC4, &[1u8; 17]);
        let dri = segment(0xDD, &[0, 4]);
        let xmp = segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>");
        let input = cat(&[
            &jpeg.soi, &jpeg.app0, &xmp, &jpeg.dqt, &sof2, &dri, &jpeg.dht, &jpeg.sos, &jpeg.data, &dht2, &jpeg.sos,
            &jpeg.data, &jpeg.eoi,
        ]);
        let expected = cat(&[
            &jpeg.soi, &jpeg.app0, &jpeg.dqt, &sof2, &dri, &jpeg.dht, &jpeg.sos, &jpeg.data, &dht2, &jpeg.sos,
            &jpeg.data, &jpeg.eoi,
        ]);
        assert_eq!(strip_metadata(ImageType::Jpeg, &input), Ok(expected));
    }

    #[test]
    fn photo_png_keeps_critical_and_colour_chunks_only() {
        let out = strip_metadata(ImageType::Png, &png()).expect("strips");
        assert_eq!(out, png_stripped());
        assert!(!contains(&out, b"GPS"));
        let mut trailing = png();
        trailing.extend_from_slice(b"data after IEND");
        assert_eq!(strip_metadata(ImageType::Png, &trailing), Ok(png_stripped()));
    }

    #[test]
    fn photo_png_structure_is_checked() {
        let mut bad_crc = png();
        let last = bad_crc.len() - 1;
        bad_crc[last] ^= 1;
        assert!(matches!(
            strip_metadata(ImageType::Png, &bad_crc),
            Err(PhotoError::Malformed(_))
        ));
        let no_ihdr = [PNG_SIGNATURE.to_vec(), chunk(b"IDAT", &[1]), chunk(b"IEND", &[])].concat();
        assert!(strip_metadata(ImageType::Png, &no_ihdr).is_err());
        let no_idat = [PNG_SIGNATURE.to_vec(), ihdr(), chunk(b"IEND", &[])].concat();
        assert!(strip_metadata(ImageType::Png, &no_idat).is_err());
        let bad_type = [
            PNG_SIGNATURE.to_vec(),
            ihdr(),
            chunk(b"ID1T", &[1]),
            chunk(b"IEND", &[]),
        ]
        .concat();
        assert!(strip_metadata(ImageType::Png, &bad_type).is_err());
        let huge = [PNG_SIGNATURE.to_vec(), vec![0xFF, 0xFF, 0xFF, 0xFF], b"IDAT".to_vec()].concat();
        assert!(strip_metadata(ImageType::Png, &huge).is_err());
    }

    #[test]
    fn photo_truncated_at_any_point_is_malformed() {
        for (kind, full) in [(ImageType::Jpeg, jpeg().full()), (ImageType::Png, png())] {
            for n in 0..full.len() {
                let result = strip_metadata(kind, &full[..n]);
                assert!(
                    matches!(result, Err(PhotoError::Malformed(_))),
                    "{kind:?} cut at {n}: {result:?}"
                );
            }
        }
    }

    #[test]
    fn photo_jpeg_oddities_are_malformed() {
        let jpeg = jpeg();
        let no_scan = cat(&[&jpeg.soi, &jpeg.app0, &jpeg.eoi]);
        assert!(strip_metadata(ImageType::Jpeg, &no_scan).is_err());
        let scan_first = cat(&[&jpeg.soi, &jpeg.sos, &jpeg.data, &jpeg.eoi]);
        assert!(strip_metadata(ImageType::Jpeg, &scan_first).is_err());
        let garbage = [&jpeg.soi[..], b"xx", &jpeg.full()[2..]].concat();
        assert!(strip_metadata(ImageType::Jpeg, &garbage).is_err());
        let short_length = [&jpeg.soi[..], &[0xFF, 0xE0, 0, 1], &jpeg.full()[2..]].concat();
        assert!(strip_metadata(ImageType::Jpeg, &short_length).is_err());
        assert!(strip_metadata(ImageType::Jpeg, &png()).is_err());
        assert!(strip_metadata(ImageType::Png, &jpeg.full()).is_err());
    }

    #[test]
    fn photo_stripping_is_idempotent() {
        for (kind, full) in [(ImageType::Jpeg, jpeg().full()), (ImageType::Png, png())] {
            let once = strip_metadata(kind, &full).expect("strips");
            assert_eq!(strip_metadata(kind, &once), Ok(once.clone()));
        }
    }

    #[test]
    fn photo_uploads_are_checked_in_order() {
        let jpeg = jpeg().full();
        assert_eq!(clean("image/jpeg", &[]), Err(PhotoError::Empty));
        let mut big = jpeg.clone();
        big.resize(MAX_PHOTO_BYTES + 1, 0);
        assert_eq!(clean("image/jpeg", &big), Err(PhotoError::TooLarge));
        assert_eq!(clean("text/plain", &jpeg), Err(PhotoError::UnsupportedType));
        assert_eq!(clean("image/jpeg", b"hello"), Err(PhotoError::UnsupportedType));
        assert_eq!(
            clean("image/jpeg", &png()),
            Err(PhotoError::TypeMismatch {
                declared: "image/jpeg",
                actual: "image/png"
            })
        );
        assert_eq!(
            clean("Image/JPEG; charset=binary", &jpeg),
            Ok((ImageType::Jpeg, self::jpeg().stripped()))
        );
        assert_eq!(clean("image/png", &png()), Ok((ImageType::Png, png_stripped())));
        assert!(matches!(
            clean("image/jpeg", &jpeg[..jpeg.len() - 1]),
            Err(PhotoError::Malformed(_))
        ));
    }

    #[test]
    fn photo_errors_have_codes_and_chinese_first_messages() {
        let errors = [
            (PhotoError::Empty, "empty"),
            (PhotoError::TooLarge, "too_large"),
            (PhotoError::UnsupportedType, "unsupported_type"),
            (
                PhotoError::TypeMismatch {
                    declared: "image/jpeg",
                    actual: "image/png",
                },
                "type_mismatch",
            ),
            (PhotoError::Malformed("x"), "malformed"),
        ];
        for (error, code) in errors {
            assert_eq!(error.code(), code);
            let message = error.to_string();
            assert!(!message.starts_with(|c: char| c.is_ascii()), "{message}");
            assert!(message.contains(" ("), "{message}");
        }
        assert!(PhotoError::TooLarge.to_string().contains("8 MiB"));
    }

    #[test]
    fn photo_crc32_matches_the_reference_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    proptest! {
        #[test]
        fn photo_arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = sniff(&bytes);
            let _ = clean("image/jpeg", &bytes);
            for kind in [ImageType::Jpeg, ImageType::Png] {
                if let Ok(once) = strip_metadata(kind, &bytes) {
                    prop_assert_eq!(strip_metadata(kind, &once), Ok(once.clone()));
                }
            }
        }

        #[test]
        fn photo_mangled_images_never_panic_and_stay_idempotent(
            pick_png in any::<bool>(),
            edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
            cut in any::<usize>(),
        ) {
            let (kind, mut bytes) = if pick_png { (ImageType::Png, png()) } else { (ImageType::Jpeg, jpeg().full()) };
            for (at, value) in edits {
                let at = at % bytes.len();
                bytes[at] = value;
            }
            bytes.truncate(cut % (bytes.len() + 1));
            if let Ok(once) = strip_metadata(kind, &bytes) {
                prop_assert!(once.len() <= bytes.len());
                prop_assert_eq!(strip_metadata(kind, &once), Ok(once.clone()));
            }
        }
    }
}
