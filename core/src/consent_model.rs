//! The consent state machine: what the widget shows and what the visitor has decided.
//!
//! The Yew widget holds one `ConsentModel` in its reducer and only forwards actions here, so every
//! rule (what starts switched off, what a withdrawal is, when the banner comes back) is decided
//! and tested natively, without a browser.

use crate::category::{CategoryId, Choices};
use crate::consent_id::ConsentId;
use crate::cookie_codec::ConsentRecord;

/// What the widget shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Nothing but the small "Cookie settings" control.
    Closed,
    /// The first layer: who asks, for what, for how long and where data goes, "Accept all",
    /// "Reject all", "Settings"; the whole summary opens in place.
    Banner,
    /// The second layer: one switch per category.
    Preferences,
}

/// How a decision came about, as the consent log records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecisionAction {
    /// "Accept all".
    AcceptAll,
    /// "Reject all".
    RejectAll,
    /// "Save choices" with a mix of categories.
    Custom,
    /// Any decision that refuses a category the visitor had granted before.
    Withdraw,
}

impl DecisionAction {
    /// The name used in receipts and events.
    pub fn name(self) -> &'static str {
        match self {
            DecisionAction::AcceptAll => "accept_all",
            DecisionAction::RejectAll => "reject_all",
            DecisionAction::Custom => "custom",
            DecisionAction::Withdraw => "withdraw",
        }
    }
}

/// What the browser supplies when the visitor decides: the time and a fresh random id
/// (used only if the visitor has no consent id yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionContext {
    pub now: u64,
    pub fresh_id: ConsentId,
}

/// Everything the visitor (or the page, through the API) can do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsentAction {
    /// Show the first layer again.
    ShowBanner,
    /// Open or close the whole summary inside the first layer.
    ToggleSummary,
    /// Open the preferences, switches set to the current decision.
    OpenPreferences,
    /// Close the preferences without saving.
    ClosePreferences,
    /// Flip one switch in the preferences.
    Toggle { category: CategoryId, granted: bool },
    /// Grant every optional category.
    AcceptAll(DecisionContext),
    /// Refuse every optional category.
    RejectAll(DecisionContext),
    /// Store exactly what is switched on in the preferences.
    SaveChoices(DecisionContext),
    /// Grant these categories on top of the decision in force (or of refusing the rest, when there
    /// is none): "allow" on a placeholder, or the page's `acceptCategory`. Unknown ids are ignored.
    Grant {
        categories: Vec<CategoryId>,
        context: DecisionContext,
    },
    /// Forget the decision (the cookie is deleted by the widget) and ask again.
    Reset,
}

/// The last decision made on this page, for the widget's effects (cookie, gate, events, log).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionChange {
    /// Counts decisions on this page, so an effect runs once per decision.
    pub sequence: u32,
    pub action: DecisionAction,
    /// True when this is the visitor's first decision (no earlier one was in force).
    pub first: bool,
}

/// The widget's whole state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentModel {
    /// The policy revision in force.
    pub revision: u32,
    /// The optional categories, in display order.
    pub categories: Vec<CategoryId>,
    /// The decision in force, if any.
    pub decision: Option<ConsentRecord>,
    /// The stored decision that no longer counts (older revision or new categories), if any.
    pub outdated: Option<ConsentRecord>,
    pub view: View,
    /// The switches shown in the preferences.
    pub draft: Choices,
    /// The last decision made on this page.
    pub last_change: Option<DecisionChange>,
    /// Categories that "Accept all" leaves refused because the browser sends a Global Privacy
    /// Control signal; the visitor can still switch them on in the preferences.
    pub gpc_refused: Vec<CategoryId>,
    /// The whole summary is open in the first layer (it starts closed, so the first layer stays
    /// short on a phone).
    pub summary_open: bool,
}

impl ConsentModel {
    /// The starting state for a page whose cookie held `stored` (already decoded; a cookie
    /// that failed to decode counts as none).
    ///
    /// A stored decision counts only if it was made under this revision or a later one and
    /// answers every configured category; otherwise the visitor is asked again, with the
    /// switches preset to their earlier answers.
    pub fn start(
        revision: u32,
        categories: Vec<CategoryId>,
        stored: Option<ConsentRecord>,
    ) -> Self {
        let (decision, outdated) = match stored {
            Some(record) if is_current(&record, revision, &categories) => (Some(record), None),
            other => (None, other),
        };
        let view = if decision.is_some() {
            View::Closed
        } else {
            View::Banner
        };
        let mut model = ConsentModel {
            revision,
            categories,
            decision,
            outdated,
            view,
            draft: Choices::new(),
            last_change: None,
            gpc_refused: Vec::new(),
            summary_open: false,
        };
        model.draft = model.current_choices();
        model
    }

    /// Honours a Global Privacy Control signal: `refused` categories stay off under "Accept all".
    /// An explicit choice in the preferences still wins.
    pub fn with_gpc(mut self, refused: Vec<CategoryId>) -> Self {
        self.gpc_refused = refused;
        self
    }

    /// The state after `action`.
    pub fn apply(&self, action: ConsentAction) -> Self {
        let mut next = self.clone();
        match action {
            ConsentAction::ShowBanner => {
                next.view = View::Banner;
                next.summary_open = false;
            }
            ConsentAction::ToggleSummary => next.summary_open = !self.summary_open,
            ConsentAction::OpenPreferences => {
                next.draft = self.current_choices();
                next.view = View::Preferences;
            }
            ConsentAction::ClosePreferences => {
                next.draft = self.current_choices();
                next.view = if self.decision.is_some() {
                    View::Closed
                } else {
                    View::Banner
                };
            }
            ConsentAction::Toggle { category, granted } => {
                if self.categories.contains(&category) {
                    next.draft.set(&category, granted);
                }
            }
            ConsentAction::AcceptAll(context) => {
                let mut choices = Choices::all(&self.categories, true);
                for category in &self.gpc_refused {
                    if choices.get(category.as_str()).is_some() {
                        choices.set(category, false);
                    }
                }
                let action = classify(&choices);
                next.decide(choices, action, context)
            }
            ConsentAction::RejectAll(context) => next.decide(
                Choices::all(&self.categories, false),
                DecisionAction::RejectAll,
                context,
            ),
            ConsentAction::SaveChoices(context) => {
                let choices = self.draft.for_categories(&self.categories);
                let action = classify(&choices);
                next.decide(choices, action, context)
            }
            ConsentAction::Grant {
                categories,
                context,
            } => {
                let mut choices = self.current_choices();
                for category in categories.iter().filter(|c| self.categories.contains(c)) {
                    choices.set(category, true);
                }
                let action = classify(&choices);
                next.decide(choices, action, context)
            }
            ConsentAction::Reset => {
                next.decision = None;
                next.outdated = None;
                next.draft = Choices::all(&self.categories, false);
                next.view = View::Banner;
            }
        }
        next
    }

    /// True while `category` may run: the necessary category always, any other only under a
    /// decision in force that grants it.
    pub fn is_granted(&self, category: &str) -> bool {
        category == crate::category::NECESSARY
            || self
                .decision
                .as_ref()
                .is_some_and(|d| d.choices.is_granted(category))
    }

    /// The categories that were granted before but are refused by the decision in force.
    pub fn withdrawn_since(&self, earlier: Option<&ConsentRecord>) -> Vec<CategoryId> {
        let Some(earlier) = earlier else {
            return Vec::new();
        };
        earlier
            .choices
            .granted()
            .filter(|c| !self.is_granted(c.as_str()))
            .cloned()
            .collect()
    }

    /// The switches that reflect the decision in force (or the outdated one), all off otherwise.
    fn current_choices(&self) -> Choices {
        match self.decision.as_ref().or(self.outdated.as_ref()) {
            Some(record) => record.choices.for_categories(&self.categories),
            None => Choices::all(&self.categories, false),
        }
    }

    fn decide(&mut self, choices: Choices, clicked: DecisionAction, context: DecisionContext) {
        let previous = self.decision.take();
        let withdraws = previous
            .as_ref()
            .is_some_and(|p| p.choices.granted().any(|c| !choices.is_granted(c.as_str())));
        let consent_id = previous
            .as_ref()
            .or(self.outdated.as_ref())
            .map(|p| p.consent_id.clone())
            .unwrap_or(context.fresh_id);
        self.decision = Some(ConsentRecord {
            revision: self.revision,
            decided_at: context.now,
            consent_id,
            choices: choices.clone(),
        });
        self.outdated = None;
        self.draft = choices;
        self.view = View::Closed;
        self.last_change = Some(DecisionChange {
            sequence: self.last_change.as_ref().map_or(1, |c| c.sequence + 1),
            action: if withdraws {
                DecisionAction::Withdraw
            } else {
                clicked
            },
            first: previous.is_none(),
        });
    }
}

/// What a set of choices amounts to: everything granted, nothing granted, or a mix.
fn classify(choices: &Choices) -> DecisionAction {
    if choices.iter().all(|(_, granted)| granted) {
        DecisionAction::AcceptAll
    } else if choices.iter().all(|(_, granted)| !granted) {
        DecisionAction::RejectAll
    } else {
        DecisionAction::Custom
    }
}

fn is_current(record: &ConsentRecord, revision: u32, categories: &[CategoryId]) -> bool {
    record.revision >= revision
        && categories
            .iter()
            .all(|c| record.choices.get(c.as_str()).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::{ADVERTISING, ANALYTICS};

    #[test]
    fn the_summary_starts_closed_opens_in_place_and_closes_again() {
        let start = ConsentModel::start(1, categories(), None);
        assert!(!start.summary_open);
        let open = start.apply(ConsentAction::ToggleSummary);
        assert!(open.summary_open);
        assert_eq!(open.view, View::Banner, "no new view: it opens in place");
        assert_eq!(open.decision, None, "opening it decides nothing");
        assert!(!open.apply(ConsentAction::ToggleSummary).summary_open);
        let shown_again = open
            .apply(ConsentAction::RejectAll(context(1_700_000_000, 1)))
            .apply(ConsentAction::ShowBanner);
        assert!(
            !shown_again.summary_open,
            "a banner shown again starts short"
        );
    }

    fn categories() -> Vec<CategoryId> {
        vec![
            CategoryId::parse(ANALYTICS).unwrap(),
            CategoryId::parse(ADVERTISING).unwrap(),
        ]
    }

    fn analytics() -> CategoryId {
        CategoryId::parse(ANALYTICS).unwrap()
    }

    fn context(now: u64, id_byte: u8) -> DecisionContext {
        DecisionContext {
            now,
            fresh_id: ConsentId::from_random_bytes([id_byte; 10]),
        }
    }

    fn record(revision: u32, analytics: bool, advertising: bool) -> ConsentRecord {
        let mut choices = Choices::new();
        choices.set(&CategoryId::parse(ANALYTICS).unwrap(), analytics);
        choices.set(&CategoryId::parse(ADVERTISING).unwrap(), advertising);
        ConsentRecord {
            revision,
            decided_at: 1_700_000_000,
            consent_id: ConsentId::from_random_bytes([7; 10]),
            choices,
        }
    }

    #[test]
    fn a_first_visit_shows_the_banner_with_everything_optional_off() {
        let model = ConsentModel::start(1, categories(), None);
        assert_eq!(model.view, View::Banner);
        assert!(model.draft.iter().all(|(_, granted)| !granted));
        assert!(!model.is_granted(ANALYTICS));
        assert!(!model.is_granted(ADVERTISING));
        assert!(
            model.is_granted("necessary"),
            "strictly necessary needs no decision"
        );
    }

    #[test]
    fn a_current_stored_decision_closes_the_banner_and_opens_the_gate() {
        let model = ConsentModel::start(2, categories(), Some(record(2, true, false)));
        assert_eq!(model.view, View::Closed);
        assert!(model.is_granted(ANALYTICS));
        assert!(!model.is_granted(ADVERTISING));
    }

    #[test]
    fn a_decision_under_an_older_revision_no_longer_counts() {
        let model = ConsentModel::start(3, categories(), Some(record(2, true, true)));
        assert_eq!(model.view, View::Banner);
        assert!(!model.is_granted(ANALYTICS));
        assert!(
            model.draft.is_granted(ANALYTICS),
            "switches remember the earlier answer"
        );
    }

    #[test]
    fn a_decision_that_misses_a_new_category_is_asked_again() {
        let mut categories = categories();
        categories.push(CategoryId::parse("chat").unwrap());
        let model = ConsentModel::start(1, categories, Some(record(1, true, true)));
        assert_eq!(model.view, View::Banner);
        assert!(!model.is_granted(ANALYTICS));
    }

    #[test]
    fn accept_all_grants_every_optional_category() {
        let model = ConsentModel::start(1, categories(), None)
            .apply(ConsentAction::AcceptAll(context(10, 1)));
        assert_eq!(model.view, View::Closed);
        assert!(model.is_granted(ANALYTICS) && model.is_granted(ADVERTISING));
        let change = model.last_change.clone().unwrap();
        assert_eq!(
            (change.sequence, change.action, change.first),
            (1, DecisionAction::AcceptAll, true)
        );
        let decision = model.decision.unwrap();
        assert_eq!(decision.decided_at, 10);
        assert_eq!(decision.revision, 1);
        assert_eq!(decision.consent_id, ConsentId::from_random_bytes([1; 10]));
    }

    #[test]
    fn reject_all_refuses_every_optional_category() {
        let model = ConsentModel::start(1, categories(), None)
            .apply(ConsentAction::RejectAll(context(10, 1)));
        assert!(!model.is_granted(ANALYTICS) && !model.is_granted(ADVERTISING));
        assert_eq!(
            model.decision.unwrap().choices.len(),
            2,
            "refusals are recorded, not omitted"
        );
    }

    #[test]
    fn save_choices_stores_exactly_what_is_switched_on() {
        let model = ConsentModel::start(1, categories(), None)
            .apply(ConsentAction::OpenPreferences)
            .apply(ConsentAction::Toggle {
                category: analytics(),
                granted: true,
            })
            .apply(ConsentAction::SaveChoices(context(10, 1)));
        assert!(model.is_granted(ANALYTICS));
        assert!(!model.is_granted(ADVERTISING));
        assert_eq!(model.last_change.unwrap().action, DecisionAction::Custom);
    }

    #[test]
    fn toggling_an_unknown_or_necessary_category_changes_nothing() {
        let start =
            ConsentModel::start(1, categories(), None).apply(ConsentAction::OpenPreferences);
        for id in ["necessary", "chat"] {
            let after = start.apply(ConsentAction::Toggle {
                category: CategoryId::parse(id).unwrap(),
                granted: true,
            });
            assert_eq!(after.draft, start.draft);
        }
    }

    #[test]
    fn closing_preferences_discards_unsaved_switches() {
        let model = ConsentModel::start(1, categories(), Some(record(1, false, false)))
            .apply(ConsentAction::OpenPreferences)
            .apply(ConsentAction::Toggle {
                category: analytics(),
                granted: true,
            })
            .apply(ConsentAction::ClosePreferences);
        assert_eq!(model.view, View::Closed);
        assert!(!model.draft.is_granted(ANALYTICS));
        assert!(!model.is_granted(ANALYTICS));
    }

    #[test]
    fn closing_preferences_before_any_decision_returns_to_the_banner() {
        let model = ConsentModel::start(1, categories(), None)
            .apply(ConsentAction::OpenPreferences)
            .apply(ConsentAction::ClosePreferences);
        assert_eq!(model.view, View::Banner);
    }

    #[test]
    fn withdrawing_keeps_the_consent_id_and_takes_effect_at_once() {
        let earlier = record(1, true, true);
        let model = ConsentModel::start(1, categories(), Some(earlier.clone()))
            .apply(ConsentAction::OpenPreferences)
            .apply(ConsentAction::Toggle {
                category: analytics(),
                granted: false,
            })
            .apply(ConsentAction::SaveChoices(context(20, 9)));
        assert!(!model.is_granted(ANALYTICS));
        assert!(model.is_granted(ADVERTISING));
        let change = model.last_change.clone().unwrap();
        assert_eq!(
            (change.action, change.first),
            (DecisionAction::Withdraw, false)
        );
        assert_eq!(
            model.decision.as_ref().unwrap().consent_id,
            earlier.consent_id
        );
        assert_eq!(model.withdrawn_since(Some(&earlier)), vec![analytics()]);
    }

    #[test]
    fn rejecting_all_after_accepting_counts_as_a_withdrawal() {
        let model = ConsentModel::start(1, categories(), Some(record(1, true, false)))
            .apply(ConsentAction::RejectAll(context(20, 9)));
        assert_eq!(model.last_change.unwrap().action, DecisionAction::Withdraw);
    }

    #[test]
    fn renewing_an_outdated_decision_keeps_its_consent_id() {
        let earlier = record(1, true, true);
        let model = ConsentModel::start(2, categories(), Some(earlier.clone()))
            .apply(ConsentAction::AcceptAll(context(30, 3)));
        let decision = model.decision.unwrap();
        assert_eq!(decision.consent_id, earlier.consent_id);
        assert_eq!(decision.revision, 2);
        assert!(
            model.last_change.unwrap().first,
            "the outdated decision was not in force"
        );
    }

    #[test]
    fn decisions_are_numbered_for_effects() {
        let model = ConsentModel::start(1, categories(), None)
            .apply(ConsentAction::AcceptAll(context(1, 1)))
            .apply(ConsentAction::RejectAll(context(2, 1)));
        assert_eq!(model.last_change.unwrap().sequence, 2);
    }

    #[test]
    fn under_gpc_accept_all_leaves_advertising_off_but_an_explicit_switch_wins() {
        let gpc = || {
            ConsentModel::start(1, categories(), None)
                .with_gpc(vec![CategoryId::parse(ADVERTISING).unwrap()])
        };
        let accepted = gpc().apply(ConsentAction::AcceptAll(context(1, 1)));
        assert!(accepted.is_granted(ANALYTICS));
        assert!(!accepted.is_granted(ADVERTISING));
        assert_eq!(accepted.last_change.unwrap().action, DecisionAction::Custom);
        let explicit = gpc()
            .apply(ConsentAction::OpenPreferences)
            .apply(ConsentAction::Toggle {
                category: CategoryId::parse(ADVERTISING).unwrap(),
                granted: true,
            })
            .apply(ConsentAction::SaveChoices(context(1, 1)));
        assert!(explicit.is_granted(ADVERTISING));
    }

    #[test]
    fn a_gpc_category_that_is_not_configured_changes_nothing() {
        let model = ConsentModel::start(1, categories(), None)
            .with_gpc(vec![CategoryId::parse("chat").unwrap()])
            .apply(ConsentAction::AcceptAll(context(1, 1)));
        assert_eq!(model.decision.unwrap().choices.len(), 2);
        assert_eq!(model.last_change.unwrap().action, DecisionAction::AcceptAll);
    }

    #[test]
    fn reset_forgets_the_decision_and_asks_again() {
        let model = ConsentModel::start(1, categories(), Some(record(1, true, true)))
            .apply(ConsentAction::Reset);
        assert_eq!(model.view, View::Banner);
        assert!(model.decision.is_none());
        assert!(!model.is_granted(ANALYTICS));
        let renewed = model.apply(ConsentAction::AcceptAll(context(5, 4)));
        assert_eq!(
            renewed.decision.unwrap().consent_id,
            ConsentId::from_random_bytes([4; 10])
        );
    }

    #[test]
    fn granting_a_category_keeps_the_other_choices() {
        let decided = ConsentModel::start(1, categories(), None)
            .apply(ConsentAction::RejectAll(context(10, 1)))
            .apply(ConsentAction::Grant {
                categories: vec![analytics()],
                context: context(20, 2),
            });
        let record = decided.decision.clone().unwrap();
        assert!(decided.is_granted(ANALYTICS));
        assert!(
            !decided.is_granted(ADVERTISING),
            "advertising stays refused"
        );
        assert_eq!(record.decided_at, 20);
        assert_eq!(
            record.consent_id,
            ConsentId::from_random_bytes([1; 10]),
            "the same visitor"
        );
        let change = decided.last_change.unwrap();
        assert_eq!(change.action, DecisionAction::Custom);
        assert!(!change.first);
    }

    #[test]
    fn granting_a_category_before_any_decision_refuses_the_rest_and_ignores_unknown_ids() {
        let decided = ConsentModel::start(1, categories(), None).apply(ConsentAction::Grant {
            categories: vec![analytics(), CategoryId::parse("chat").unwrap()],
            context: context(5, 3),
        });
        let record = decided.decision.unwrap();
        let stored: Vec<(&str, bool)> = record
            .choices
            .iter()
            .map(|(c, g)| (c.as_str(), g))
            .collect();
        assert_eq!(stored, [(ANALYTICS, true), (ADVERTISING, false)]);
        assert!(decided.last_change.unwrap().first);
        assert_eq!(decided.view, View::Closed, "the banner is answered");
    }
}
