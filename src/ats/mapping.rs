//! Placeholder until the mapping module lands: identity mapping.
use serde_json::{Value, json};

use super::Target;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MappingError(String);

#[derive(Debug, Clone)]
pub struct Mapping {
    target: Target,
}

impl Mapping {
    pub fn load(target: Target, _user_toml: Option<&str>) -> Result<Mapping, MappingError> {
        Ok(Mapping { target })
    }
    pub fn apply(&self, input: &Value) -> Value {
        input.clone()
    }
    pub fn target(&self) -> Target {
        self.target
    }
}

pub fn input(envelope: &Value, form: &Value, candidate: &Value) -> Value {
    json!({"resume": envelope.get("resume"), "parse": envelope, "form": form, "candidate": candidate})
}
