//! DOCX reader (stub, to be replaced by the streaming zip + XML reader).
use super::{ExtractError, Extracted};

pub fn extract(_bytes: &[u8], _max_inflated: u64) -> Result<Extracted, ExtractError> {
    Err(ExtractError::Unsupported("a DOCX (reader not built yet)"))
}
