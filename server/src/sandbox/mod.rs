//! An in-memory App Store Connect for tests and `--sandbox`.
