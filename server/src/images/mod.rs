//! In-memory image handling for screenshots: sniff PNG or JPEG from the bytes, read the pixel
//! size, decide the display type, flatten what ASC would refuse, and checksum what will be sent.
//! Nothing here touches the disk.
//!
//! # Layout
//! - [`header`]: format, pixel size and transparency from the first bytes.
//! - `reencode`: alpha flattening onto white (PNG), CMYK → RGB (JPEG).
//! - [`md5`]: the [`Md5`] newtype ASC calls `sourceFileChecksum`.

pub mod header;
pub mod md5;
mod reencode;

use bytes::Bytes;
use shotbridge_shared::{DisplayType, PixelSize, SizeError};

pub use header::{ImageFormat, ImageHeader, inspect};
pub use md5::{Md5, Md5ParseError};

/// A screenshot ready for ASC: opaque, in an accepted format and size, with its checksum.
#[derive(Clone, PartialEq, Eq)]
pub struct NormalizedScreenshot {
    /// The exact bytes to upload: the input unchanged, or its re-encoding.
    pub bytes: Bytes,
    pub format: ImageFormat,
    pub size: PixelSize,
    pub display_type: DisplayType,
    /// MD5 of `bytes`, what ASC will report back as `sourceFileChecksum`.
    pub md5: Md5,
    /// Whether `bytes` were re-encoded (alpha flattened, or CMYK converted).
    pub normalized: bool,
}

impl std::fmt::Debug for NormalizedScreenshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NormalizedScreenshot")
            .field("bytes", &self.bytes.len())
            .field("format", &self.format)
            .field("size", &self.size)
            .field("display_type", &self.display_type)
            .field("md5", &self.md5)
            .field("normalized", &self.normalized)
            .finish()
    }
}

/// Why bytes cannot become a screenshot, in words that say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error(
        "this is {}, not a PNG or JPEG; App Store Connect takes only PNG and JPEG screenshots",
        found.as_deref().map_or_else(|| "not an image format Shotbridge knows".to_owned(), |f| format!("a {f} image"))
    )]
    NotPngOrJpeg { found: Option<String> },
    #[error("the {format:?} data is damaged ({reason}); export the screenshot again")]
    Corrupt { format: ImageFormat, reason: String },
    #[error("{0}")]
    Size(SizeError),
    #[error(
        "{size} is not a size {display_type} accepts; it accepts {}",
        accepted.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    )]
    WrongSizeForType {
        size: PixelSize,
        display_type: DisplayType,
        accepted: Vec<PixelSize>,
    },
    #[error("re-encoding the screenshot failed: {0}")]
    Encode(String),
}

/// The display type for an image of `size`: the explicit one if it accepts the size, else the
/// only one the size maps to. Ambiguous sizes (2048×2732) need the explicit one.
pub fn resolve_display_type(
    size: PixelSize,
    explicit: Option<DisplayType>,
) -> Result<DisplayType, ImageError> {
    match explicit {
        Some(display_type) if display_type.accepts(size) => Ok(display_type),
        Some(display_type) => Err(ImageError::WrongSizeForType {
            size,
            display_type,
            accepted: display_type.accepted_sizes(),
        }),
        None => DisplayType::for_size(size).map_err(ImageError::Size),
    }
}

/// Makes `bytes` ready for ASC: checks format and size, decides the display type, and
/// re-encodes only when ASC would refuse the bytes as they are (otherwise they are kept exactly).
pub fn normalize(
    bytes: Bytes,
    explicit: Option<DisplayType>,
) -> Result<NormalizedScreenshot, ImageError> {
    let header = inspect(&bytes)?;
    let display_type = resolve_display_type(header.size, explicit)?;
    let bytes = if header.needs_reencoding {
        match header.format {
            ImageFormat::Png => Bytes::from(reencode::flatten_png(&bytes)?),
            ImageFormat::Jpeg => Bytes::from(reencode::cmyk_jpeg_to_rgb(&bytes)?),
        }
    } else {
        bytes
    };
    Ok(NormalizedScreenshot {
        md5: Md5::of(&bytes),
        bytes,
        format: header.format,
        size: header.size,
        display_type,
        normalized: header.needs_reencoding,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
