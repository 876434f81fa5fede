//! One category in the preferences: its name, what it is for, and its switch.

use yew::prelude::*;

use jl_consent_core::shown::ShownCategory;

use super::markup::Markup;

#[derive(PartialEq)]
pub struct CategoryRowProps {
    pub category: ShownCategory,
    pub granted: bool,
    /// Shown instead of a working switch for the strictly necessary category.
    pub always_on_label: AttrValue,
    /// "Services" and "Cookies", in the visitor's language.
    pub services_label: AttrValue,
    pub cookies_label: AttrValue,
    /// "The service's privacy policy", the text of each service's policy link.
    pub policy_label: AttrValue,
    pub ontoggle: Callback<bool>,
}

/// A category with an accessible switch (`role="switch"` on a real checkbox).
pub fn category_row(props: &CategoryRowProps) -> Html {
    let category = &props.category;
    let id = format!("jl-cat-{}", category.id);
    let description_id = format!("{id}-desc");
    let onchange = {
        let ontoggle = props.ontoggle.clone();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                ontoggle.emit(input.checked());
            }
        })
    };
    html! {
        <li class="jl-category" data-category={category.id.to_string()}>
            <div class="jl-category__head">
                <label class="jl-category__title" for={id.clone()}>{ &category.title }</label>
                if category.necessary {
                    <span class="jl-always">{ props.always_on_label.clone() }</span>
                }
                <input type="checkbox" role="switch" class="jl-switch" id={id}
                    checked={category.necessary || props.granted}
                    disabled={category.necessary}
                    aria-describedby={description_id.clone()}
                    {onchange} />
            </div>
            { details(props, &description_id).into_html() }
        </li>
    }
}

/// The category's description and the services in it, with the cookies each sets and a link to
/// its own privacy policy.
fn details(props: &CategoryRowProps, description_id: &str) -> Markup {
    let category = &props.category;
    let mut markup = Markup::new();
    markup.element(
        "p",
        &[("class", "jl-category__desc"), ("id", description_id)],
        &category.description,
    );
    if !category.services.is_empty() {
        markup
            .element(
                "p",
                &[("class", "jl-services__label")],
                &props.services_label,
            )
            .open("ul", &[("class", "jl-services")]);
        for service in &category.services {
            markup
                .open("li", &[])
                .element("span", &[("class", "jl-service__name")], &service.name);
            if !service.description.is_empty() {
                markup.text(" — ").text(&service.description);
            }
            if !service.cookies.is_empty() {
                markup
                    .open("span", &[("class", "jl-service__cookies")])
                    .text(&props.cookies_label)
                    .text(": ")
                    .text(&service.cookies.join(", "))
                    .close("span");
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
                    &props.policy_label,
                );
            }
            markup.close("li");
        }
        markup.close("ul");
    }
    markup
}
