//! Small images built by hand, for uploads.

/// One JPEG segment: marker and length-prefixed payload.
pub fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let length = u16::try_from(payload.len() + 2).expect("short segment");
    [&[0xFF, marker][..], &length.to_be_bytes(), payload].concat()
}

/// A small JPEG (structure only) with an EXIF segment carrying a GPS position; and the same
/// file without it.
pub fn jpeg_with_gps() -> (Vec<u8>, Vec<u8>) {
    let soi = vec![0xFF, 0xD8];
    let app0 = segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    let exif = segment(
        0xE1,
        b"Exif\0\0MM\0\x2a\0\0\0\x08GPSLatitude 29.7012N GPSLongitude 106.6034E",
    );
    let dqt = segment(0xDB, &[0u8; 65]);
    let sof = segment(0xC0, &[8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
    let dht = segment(0xC4, &[0u8; 17]);
    let sos = segment(0xDA, &[1, 1, 0, 0, 63, 0]);
    let data = vec![0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78];
    let eoi = vec![0xFF, 0xD9];
    let with = [&soi, &app0, &exif, &dqt, &sof, &dht, &sos, &data, &eoi]
        .map(Vec::as_slice)
        .concat();
    let without = [&soi, &app0, &dqt, &sof, &dht, &sos, &data, &eoi]
        .map(Vec::as_slice)
        .concat();
    (with, without)
}

/// A distinct small JPEG without metadata (`n` changes its scan data).
pub fn jpeg(n: u8) -> Vec<u8> {
    let (_, mut clean) = jpeg_with_gps();
    let at = clean.len() - 3;
    clean[at] = n;
    clean
}
