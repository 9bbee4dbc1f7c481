//! PDF reader (stub, to be replaced by the positioned-glyph reader).
use super::{ExtractError, Extracted};

pub fn extract(_bytes: &[u8]) -> Result<Extracted, ExtractError> {
    Err(ExtractError::Unsupported("a PDF (reader not built yet)"))
}
