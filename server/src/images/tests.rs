//! Unit tests of image normalization on generated images.

use std::io::Cursor;

use bytes::Bytes;
use image::{ImageFormat as Codec, Rgb, RgbImage, Rgba, RgbaImage};
use shotbridge_shared::{DisplayType, PixelSize, SizeError};

use super::*;

fn png_rgb(width: u32, height: u32) -> Bytes {
    let img = RgbImage::from_pixel(width, height, Rgb([10, 120, 200]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, Codec::Png).unwrap();
    Bytes::from(out.into_inner())
}

fn png_rgba(width: u32, height: u32, alpha: u8) -> Bytes {
    let img = RgbaImage::from_pixel(width, height, Rgba([0, 0, 0, alpha]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, Codec::Png).unwrap();
    Bytes::from(out.into_inner())
}

fn jpeg_rgb(width: u32, height: u32) -> Bytes {
    let img = RgbImage::from_pixel(width, height, Rgb([200, 30, 30]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, Codec::Jpeg).unwrap();
    Bytes::from(out.into_inner())
}

fn decoded_pixel(bytes: &[u8]) -> image::DynamicImage {
    image::load_from_memory(bytes).unwrap()
}

#[test]
fn opaque_png_is_kept_byte_for_byte() {
    let input = png_rgb(1290, 2796);
    let shot = normalize(input.clone(), None).unwrap();
    assert_eq!(shot.bytes, input);
    assert!(!shot.normalized);
    assert_eq!(shot.format, ImageFormat::Png);
    assert_eq!(shot.display_type, DisplayType::APP_IPHONE_67);
    assert_eq!(shot.md5, Md5::of(&input));
}

#[test]
fn transparent_png_is_flattened_onto_white() {
    let shot = normalize(png_rgba(1242, 2688, 0), None).unwrap();
    assert!(shot.normalized);
    assert_eq!(shot.display_type, DisplayType::APP_IPHONE_65);
    let header = inspect(&shot.bytes).unwrap();
    assert!(
        !header.needs_reencoding,
        "the re-encoded PNG must have no alpha channel"
    );
    let decoded = decoded_pixel(&shot.bytes);
    assert!(!decoded.color().has_alpha());
    assert_eq!(decoded.to_rgb8().get_pixel(0, 0).0, [255, 255, 255]);
    assert_eq!(shot.md5, Md5::of(&shot.bytes));
}

#[test]
fn half_transparent_black_becomes_grey() {
    let shot = normalize(png_rgba(1179, 2556, 128), None).unwrap();
    let rgb = decoded_pixel(&shot.bytes).to_rgb8();
    let [r, g, b] = rgb.get_pixel(5, 5).0;
    assert!((126..=128).contains(&r) && r == g && g == b, "{r} {g} {b}");
}

#[test]
fn rgba_png_with_only_opaque_pixels_still_loses_its_alpha_channel() {
    let shot = normalize(png_rgba(1170, 2532, 255), None).unwrap();
    assert!(shot.normalized);
    assert!(!decoded_pixel(&shot.bytes).color().has_alpha());
    assert_eq!(
        decoded_pixel(&shot.bytes).to_rgb8().get_pixel(1, 1).0,
        [0, 0, 0]
    );
}

#[test]
fn palette_png_with_trns_is_flattened() {
    // A 1242×2208 indexed PNG whose only palette entry is fully transparent.
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, 1242, 2208);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(vec![0, 0, 0]);
        encoder.set_trns(vec![0]);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&vec![0u8; 1242 * 2208]).unwrap();
    }
    let header = inspect(&out).unwrap();
    assert!(header.needs_reencoding);
    let shot = normalize(Bytes::from(out), None).unwrap();
    assert_eq!(shot.display_type, DisplayType::APP_IPHONE_55);
    assert_eq!(
        decoded_pixel(&shot.bytes).to_rgb8().get_pixel(0, 0).0,
        [255, 255, 255]
    );
}

#[test]
fn jpeg_stays_jpeg_and_landscape_maps_like_portrait() {
    let input = jpeg_rgb(2868, 1320);
    let shot = normalize(input.clone(), None).unwrap();
    assert_eq!(shot.format, ImageFormat::Jpeg);
    assert_eq!(shot.bytes, input);
    assert_eq!(shot.size, PixelSize::new(2868, 1320));
    assert_eq!(shot.display_type, DisplayType::APP_IPHONE_67);
}

#[test]
fn cmyk_jpeg_header_asks_for_reencoding() {
    // SOI, SOF0 with 4 components of a 1242×2208 frame, then EOI: enough for the header.
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
    jpeg.extend([0xFF, 0xC0, 0x00, 0x14, 0x08, 0x08, 0xA0, 0x04, 0xDA, 0x04]);
    jpeg.extend([1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]);
    jpeg.extend([0xFF, 0xD9]);
    let header = inspect(&jpeg).unwrap();
    assert_eq!(header.size, PixelSize::new(1242, 2208));
    assert!(header.needs_reencoding);
}

#[test]
fn format_comes_from_the_bytes_not_a_name() {
    let err = normalize(Bytes::from_static(b"GIF89a\x01\x00\x01\x00"), None).unwrap_err();
    assert_eq!(
        err,
        ImageError::NotPngOrJpeg {
            found: Some("GIF".into())
        }
    );
    assert!(err.to_string().contains("GIF"), "{err}");
    let err = normalize(Bytes::from_static(b"hello"), None).unwrap_err();
    assert!(err.to_string().contains("PNG or JPEG"), "{err}");
}

#[test]
fn truncated_png_is_reported_as_damaged() {
    let input = png_rgb(1290, 2796);
    let err = normalize(input.slice(..20), None).unwrap_err();
    assert!(
        matches!(
            err,
            ImageError::Corrupt {
                format: ImageFormat::Png,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn ambiguous_size_needs_and_honours_an_explicit_type() {
    let input = png_rgb(2048, 2732);
    let err = normalize(input.clone(), None).unwrap_err();
    assert!(matches!(err, ImageError::Size(SizeError::Ambiguous { .. })));
    let text = err.to_string();
    assert!(
        text.contains("APP_IPAD_PRO_129") && text.contains("APP_IPAD_PRO_3GEN_129"),
        "{text}"
    );
    let shot = normalize(input.clone(), Some(DisplayType::APP_IPAD_PRO_129)).unwrap();
    assert_eq!(shot.display_type, DisplayType::APP_IPAD_PRO_129);
    let shot = normalize(input, Some(DisplayType::APP_IPAD_PRO_3GEN_129)).unwrap();
    assert_eq!(shot.display_type, DisplayType::APP_IPAD_PRO_3GEN_129);
}

#[test]
fn unknown_size_names_the_nearest_accepted_sizes() {
    let err = normalize(png_rgb(1290, 2790), None).unwrap_err();
    assert!(
        err.to_string().contains("1290×2796 (APP_IPHONE_67)"),
        "{err}"
    );
}

#[test]
fn explicit_type_must_accept_the_size() {
    let err = normalize(png_rgb(1290, 2796), Some(DisplayType::APP_IPHONE_65)).unwrap_err();
    assert!(matches!(err, ImageError::WrongSizeForType { .. }));
    assert!(err.to_string().contains("1242×2688"), "{err}");
}
