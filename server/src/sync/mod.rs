//! The screenshot sync engine.
