//! Reading what an image is from its first bytes: PNG or JPEG (by magic, never by file name),
//! the pixel size, and whether it carries transparency ASC would refuse.

use std::io::Cursor;

use shotbridge_shared::PixelSize;

use super::ImageError;

/// The two formats ASC accepts for screenshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

impl ImageFormat {
    /// The MIME type, as sent in upload operations and accepted by the bridge.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
        }
    }
}

/// What the header says, before any pixel is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageHeader {
    pub format: ImageFormat,
    pub size: PixelSize,
    /// The bytes cannot go to ASC as they are: a PNG with an alpha channel or a `tRNS` chunk
    /// (ASC refuses the channel itself, even when every pixel is opaque), or a CMYK JPEG.
    pub needs_reencoding: bool,
}

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];

/// Reads the header of a PNG or JPEG.
pub fn inspect(bytes: &[u8]) -> Result<ImageHeader, ImageError> {
    if bytes.starts_with(PNG_MAGIC) {
        inspect_png(bytes)
    } else if bytes.starts_with(JPEG_MAGIC) {
        inspect_jpeg(bytes)
    } else {
        let found = image::guess_format(bytes)
            .ok()
            .and_then(|f| f.extensions_str().first().copied())
            .map(str::to_ascii_uppercase);
        Err(ImageError::NotPngOrJpeg { found })
    }
}

fn inspect_png(bytes: &[u8]) -> Result<ImageHeader, ImageError> {
    let reader = png::Decoder::new(Cursor::new(bytes))
        .read_info()
        .map_err(|e| ImageError::Corrupt {
            format: ImageFormat::Png,
            reason: e.to_string(),
        })?;
    let info = reader.info();
    let has_alpha_channel = matches!(
        info.color_type,
        png::ColorType::Rgba | png::ColorType::GrayscaleAlpha
    );
    Ok(ImageHeader {
        format: ImageFormat::Png,
        size: PixelSize::new(info.width, info.height),
        needs_reencoding: has_alpha_channel || info.trns.is_some(),
    })
}

/// Walks the JPEG markers to the first start-of-frame segment, which holds the size and the
/// number of colour components (4 means CMYK or YCCK, which ASC does not take as RGB).
fn inspect_jpeg(bytes: &[u8]) -> Result<ImageHeader, ImageError> {
    let corrupt = |reason: &str| ImageError::Corrupt {
        format: ImageFormat::Jpeg,
        reason: reason.to_owned(),
    };
    let mut at = 2;
    loop {
        // Fill bytes (0xFF repeated) may stand before a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return Err(corrupt("no frame header before the end of the file"));
        };
        at += 2;
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            continue; // markers without a length
        }
        let len = match bytes.get(at..at + 2) {
            Some(&[hi, lo]) => usize::from(u16::from_be_bytes([hi, lo])),
            _ => return Err(corrupt("a segment is cut short")),
        };
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let Some(seg) = bytes.get(at + 2..at + len) else {
                return Err(corrupt("the frame header is cut short"));
            };
            let (Some(h), Some(w), Some(&components)) = (seg.get(1..3), seg.get(3..5), seg.get(5))
            else {
                return Err(corrupt("the frame header is cut short"));
            };
            let height = u32::from(u16::from_be_bytes([h[0], h[1]]));
            let width = u32::from(u16::from_be_bytes([w[0], w[1]]));
            return Ok(ImageHeader {
                format: ImageFormat::Jpeg,
                size: PixelSize::new(width, height),
                needs_reencoding: components == 4,
            });
        }
        if marker == 0xDA || len < 2 {
            return Err(corrupt("no frame header before the image data"));
        }
        at += len;
    }
}
