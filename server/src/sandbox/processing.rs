//! What ASC's processing decides about committed bytes: the pixel size must be one the set's
//! display type accepts, a PNG may not carry alpha, and the bytes must decode as PNG or JPEG.

use std::io::Cursor;

use image::{ImageDecoder, ImageFormat, ImageReader};
use shotbridge_shared::{DisplayType, PixelSize};

use super::snapshot::AssetError;

/// The end of processing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    Complete {
        width: u32,
        height: u32,
    },
    Failed {
        errors: Vec<AssetError>,
        size: Option<PixelSize>,
    },
}

impl Outcome {
    pub fn failed(code: &str, description: String) -> Self {
        Outcome::Failed {
            errors: vec![AssetError {
                code: code.to_owned(),
                description,
            }],
            size: None,
        }
    }
}

/// Decoded images above this many bytes are refused: larger than any screenshot size (a 3840×2160
/// RGBA16 frame is 66 MB), so only a forged header gets here.
const MAX_DECODED_BYTES: u64 = 256 * 1024 * 1024;

/// Decodes `bytes` and checks them against `display_type`, as ASC does after a commit.
pub(crate) fn inspect(bytes: &[u8], display_type: DisplayType) -> Outcome {
    let reader = match ImageReader::new(Cursor::new(bytes)).with_guessed_format() {
        Ok(reader) => reader,
        Err(_) => return corrupt(),
    };
    let format = reader.format();
    if !matches!(format, Some(ImageFormat::Png | ImageFormat::Jpeg)) {
        return Outcome::failed(
            "IMAGE_INCORRECT_FORMAT",
            "The file is not a PNG or JPEG image.".to_owned(),
        );
    }
    let decoder = match reader.into_decoder() {
        Ok(decoder) => decoder,
        Err(_) => return corrupt(),
    };
    let (width, height) = decoder.dimensions();
    let has_alpha = decoder.color_type().has_alpha();
    // Decode every pixel: a truncated or damaged file fails here, as it would at Apple.
    let total = decoder.total_bytes();
    if total == 0 || total > MAX_DECODED_BYTES {
        return corrupt();
    }
    let mut pixels = vec![0u8; usize::try_from(total).unwrap_or(0)];
    if decoder.read_image(&mut pixels).is_err() {
        return corrupt();
    }
    let size = PixelSize::new(width, height);
    let mut errors = Vec::new();
    if !display_type.accepts(size) {
        errors.push(AssetError {
            code: "IMAGE_INCORRECT_DIMENSIONS".to_owned(),
            description: format!(
                "The dimensions of one or more screenshots are wrong for the display type \
                 {display_type}: {width}x{height} is not accepted."
            ),
        });
    }
    if has_alpha && format == Some(ImageFormat::Png) {
        errors.push(AssetError {
            code: "IMAGE_ALPHA_NOT_ALLOWED".to_owned(),
            description: "Images can't contain alpha channels or transparencies.".to_owned(),
        });
    }
    if errors.is_empty() {
        Outcome::Complete { width, height }
    } else {
        Outcome::Failed {
            errors,
            size: Some(size),
        }
    }
}

fn corrupt() -> Outcome {
    Outcome::failed(
        "IMAGE_CORRUPT",
        "The image file is damaged or could not be read.".to_owned(),
    )
}
