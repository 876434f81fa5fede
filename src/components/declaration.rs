//! The cookie declaration on a policy page (`<jl-consent-declaration>`): every category, every
//! service with who receives its data, why, where to and for how long, and the visitor's decision
//! with the buttons to change or withdraw it. The widget renders it into the element's own shadow
//! root, from the same state as the banner, so a decision made anywhere shows here at once.

use std::rc::Rc;

use jl_consent_core::declaration::{declaration as build, DeclarationFacts, ItemKind, Label};
use jl_consent_core::{ConsentRecord, TextKey};
use yew::prelude::*;

use super::markup::Markup;
use super::preferences::decision_facts;
use crate::settings::WidgetSettings;

/// A declaration element the widget renders into: the root inside its shadow root, and the
/// labels and catalogue facts fetched for the visitor's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclarationTarget {
    pub root: web_sys::Element,
    pub facts: Rc<DeclarationFacts>,
}

#[derive(PartialEq)]
pub struct DeclarationProps {
    pub settings: Rc<WidgetSettings>,
    pub facts: Rc<DeclarationFacts>,
    /// The decision in force, if any.
    pub decision: Option<ConsentRecord>,
    pub onchange: Callback<()>,
    pub onwithdraw: Callback<()>,
}

/// The declaration: what the site stores and sends, then the visitor's decision.
///
/// Never inlined, like [`super::preferences::preferences`]: a page without a declaration never
/// calls it, and the root component's view is compiled as the banner first renders.
#[inline(never)]
pub fn declaration(props: &DeclarationProps) -> Html {
    let facts = &props.facts;
    let click = |callback: &Callback<()>| {
        let callback = callback.clone();
        Callback::from(move |_: MouseEvent| callback.emit(()))
    };
    let granted_any = props
        .decision
        .as_ref()
        .is_some_and(|d| d.choices.granted().next().is_some());
    html! {
        <section class="jl-decl" aria-labelledby="jl-decl-title">
            { services(&props.settings, facts).into_html() }
            <section class="jl-decl__decision" aria-labelledby="jl-decl-decision">
                { decision(&props.settings, facts, props.decision.as_ref()).into_html() }
                <div class="jl-actions">
                    <button type="button" class="jl-btn jl-btn--choice" data-action="change"
                        aria-haspopup="dialog" onclick={click(&props.onchange)}>
                        { facts.label(Label::Change).to_owned() }
                    </button>
                    // Nothing granted, nothing to withdraw: the button stays (a keyboard user who
                    // just used it keeps their place) but says it is unavailable.
                    <button type="button" class="jl-btn jl-btn--quiet" data-action="withdraw"
                        aria-disabled={if granted_any { "false" } else { "true" }}
                        onclick={if granted_any { click(&props.onwithdraw) } else { Callback::noop() }}>
                        { facts.label(Label::Withdraw).to_owned() }
                    </button>
                </div>
            </section>
        </section>
    }
}

/// Everything but the decision: the operator, then each category and its services.
fn services(settings: &WidgetSettings, facts: &DeclarationFacts) -> Markup {
    let declared = build(&settings.config, &settings.texts, facts);
    let not_stated = facts.label(Label::NotStated);
    let mut markup = Markup::new();
    markup
        .element(
            "h2",
            &[("id", "jl-decl-title"), ("class", "jl-title")],
            facts.label(Label::Title),
        )
        .element("p", &[("class", "jl-intro")], facts.label(Label::Intro))
        .open("p", &[("class", "jl-decl__operator")])
        .element(
            "span",
            &[("class", "jl-decl__label")],
            facts.label(Label::Operator),
        )
        .text(": ")
        .text(&declared.operator)
        .close("p");
    for (c, category) in declared.categories.iter().enumerate() {
        let heading = format!("jl-decl-c{c}");
        markup
            .open(
                "section",
                &[
                    ("class", "jl-decl__category"),
                    ("aria-labelledby", &heading),
                ],
            )
            .element("h3", &[("id", &heading)], &category.title)
            .element(
                "p",
                &[("class", "jl-category__desc")],
                &category.description,
            );
        for (s, service) in category.services.iter().enumerate() {
            let name_id = format!("{heading}s{s}");
            markup
                .open("article", &[("class", "jl-decl__service")])
                .element("h4", &[("id", &name_id)], &service.name);
            if !service.purpose.is_empty() {
                markup.element("p", &[], &service.purpose);
            }
            markup.open("dl", &[("class", "jl-decl__facts")]);
            fact(
                &mut markup,
                facts.label(Label::Provider),
                service.provider.as_deref().unwrap_or(not_stated),
            );
            fact(
                &mut markup,
                facts.label(Label::Country),
                service.country.unwrap_or(not_stated),
            );
            if !service.hosts.is_empty() {
                fact(
                    &mut markup,
                    facts.label(Label::Hosts),
                    &service.hosts.join(", "),
                );
            }
            markup.close("dl");
            if service.items.is_empty() {
                markup.element(
                    "p",
                    &[("class", "jl-decl__none")],
                    facts.label(Label::NoItems),
                );
            } else {
                markup
                    .open(
                        "table",
                        &[("class", "jl-decl__items"), ("aria-labelledby", &name_id)],
                    )
                    .open("thead", &[])
                    .open("tr", &[]);
                for label in [Label::ItemName, Label::ItemKind, Label::ItemLifetime] {
                    markup.element("th", &[("scope", "col")], facts.label(label));
                }
                markup.close("tr").close("thead").open("tbody", &[]);
                for item in &service.items {
                    let kind = match item.kind {
                        ItemKind::Cookie => Label::Cookie,
                        ItemKind::Storage => Label::Storage,
                    };
                    markup
                        .open("tr", &[])
                        .open("th", &[("scope", "row")])
                        .element("code", &[], &item.name)
                        .close("th")
                        .element("td", &[], facts.label(kind))
                        .element("td", &[], item.lifetime.as_deref().unwrap_or(not_stated))
                        .close("tr");
                }
                markup.close("tbody").close("table");
            }
            if let Some(url) = &service.policy_url {
                markup.element(
                    "a",
                    &[
                        ("class", "jl-service__policy"),
                        ("href", url),
                        ("target", "_blank"),
                        ("rel", "noopener"),
                    ],
                    settings.text(TextKey::ServicePolicyLink),
                );
            }
            markup.close("article");
        }
        markup.close("section");
    }
    markup
}

fn fact(markup: &mut Markup, label: &str, value: &str) {
    markup
        .open("div", &[])
        .element("dt", &[], label)
        .element("dd", &[], value)
        .close("div");
}

/// The visitor's decision: its consent id and date and what each optional category is set to, or
/// that there is none yet.
fn decision(
    settings: &WidgetSettings,
    facts: &DeclarationFacts,
    decision: Option<&ConsentRecord>,
) -> Markup {
    let mut markup = Markup::new();
    markup.element(
        "h3",
        &[("id", "jl-decl-decision")],
        facts.label(Label::Decision),
    );
    let Some(decision) = decision else {
        markup.element(
            "p",
            &[("class", "jl-facts--none")],
            settings.text(TextKey::NoDecisionYet),
        );
        return markup;
    };
    markup.open("dl", &[("class", "jl-facts")]);
    decision_facts(settings, decision, &mut markup);
    for category in settings.categories().iter().filter(|c| !c.necessary) {
        let granted = decision.choices.is_granted(category.id.as_str());
        let state = facts.label(if granted {
            Label::Granted
        } else {
            Label::Refused
        });
        markup
            .open("div", &[("data-category", category.id.as_str())])
            .element("dt", &[], &category.title)
            .element("dd", &[], state)
            .close("div");
    }
    markup.close("dl");
    markup
}
