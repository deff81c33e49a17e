//! The App Store Connect API client.
