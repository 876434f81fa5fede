//! Commands from the page (the loader's JS API) to the mounted widget.
//!
//! The API may be called before Yew has rendered the widget; commands wait in a queue until the
//! widget connects its dispatcher.

use std::cell::RefCell;
use std::rc::Rc;

use jl_consent_core::CategoryId;
use yew::Callback;

use crate::components::declaration::DeclarationTarget;

/// What the page can ask the widget to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WidgetCommand {
    ShowBanner,
    ShowPreferences,
    AcceptAll,
    RejectAll,
    /// Grant these categories, keeping the other choices (refusing them when none were made).
    AcceptCategories(Vec<CategoryId>),
    Reset,
    /// Render the cookie declaration into this element of the page as well.
    Declare(DeclarationTarget),
}

#[derive(Default)]
struct CommandQueueInner {
    dispatch: Option<Callback<WidgetCommand>>,
    pending: Vec<WidgetCommand>,
}

/// A shared line from the API to the widget.
#[derive(Clone, Default)]
pub struct CommandQueue(Rc<RefCell<CommandQueueInner>>);

impl PartialEq for CommandQueue {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for CommandQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CommandQueue")
    }
}

impl CommandQueue {
    /// Sends `command` now, or once the widget is connected.
    pub fn send(&self, command: WidgetCommand) {
        let dispatch = self.0.borrow().dispatch.clone();
        match dispatch {
            Some(dispatch) => dispatch.emit(command),
            None => self.0.borrow_mut().pending.push(command),
        }
    }

    /// Connects the widget; commands sent before are delivered now, in order.
    pub fn connect(&self, dispatch: Callback<WidgetCommand>) {
        let pending = {
            let mut inner = self.0.borrow_mut();
            inner.dispatch = Some(dispatch.clone());
            std::mem::take(&mut inner.pending)
        };
        for command in pending {
            dispatch.emit(command);
        }
    }
}
