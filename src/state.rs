//! The widget's one reducer: a thin wrapper that hands every action to the core's model.

use std::rc::Rc;

use jl_consent_core::{ConsentAction, ConsentModel};
use yew::Reducible;

/// The reducer state: the core's consent model.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetState(pub ConsentModel);

impl Reducible for WidgetState {
    type Action = ConsentAction;

    fn reduce(self: Rc<Self>, action: ConsentAction) -> Rc<Self> {
        Rc::new(WidgetState(self.0.apply(action)))
    }
}
