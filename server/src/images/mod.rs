//! In-memory image handling: sniffing, display-type mapping, alpha flattening, MD5.
