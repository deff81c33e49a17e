//! Caption translation.
