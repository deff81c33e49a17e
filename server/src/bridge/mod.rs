//! The local HTTP API the Figma plugin talks to.
