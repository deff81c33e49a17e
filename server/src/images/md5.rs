//! [`Md5`]: the checksum ASC stores as `sourceFileChecksum`, parsed once at the edge.

use std::fmt;
use std::str::FromStr;

use md5::{Digest, Md5 as Md5Hasher};

/// The MD5 of the exact bytes sent to App Store Connect. ASC writes it as 32 lowercase hex
/// characters (`sourceFileChecksum`); comparing it with a local image's MD5 is how an identical
/// screenshot is recognised and kept instead of sent again.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Md5([u8; 16]);

/// A `sourceFileChecksum` that is not 32 hex characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not an MD5 checksum (32 hex characters)")]
pub struct Md5ParseError(pub String);

impl Md5 {
    /// The checksum of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self(Md5Hasher::digest(bytes).into())
    }

    /// The 32 lowercase hex characters ASC expects.
    pub fn to_hex(self) -> String {
        hex::encode(self.0)
    }
}

impl FromStr for Md5 {
    type Err = Md5ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut digest = [0u8; 16];
        hex::decode_to_slice(s.trim(), &mut digest).map_err(|_| Md5ParseError(s.to_owned()))?;
        Ok(Self(digest))
    }
}

impl fmt::Display for Md5 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Md5 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Md5({self})")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_matches_known_digest() {
        let md5 = Md5::of(b"");
        assert_eq!(md5.to_hex(), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!("D41D8CD98F00B204E9800998ECF8427E".parse::<Md5>(), Ok(md5));
        assert!("d41d8cd98f00".parse::<Md5>().is_err());
        assert!("zz1d8cd98f00b204e9800998ecf8427e".parse::<Md5>().is_err());
    }
}
