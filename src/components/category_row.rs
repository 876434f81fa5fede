//! One category in the preferences: its name, what it is for, and its switch.

use yew::prelude::*;

use jl_consent_core::shown::ShownCategory;

#[derive(PartialEq)]
pub struct CategoryRowProps {
    pub category: ShownCategory,
    pub granted: bool,
    /// Shown instead of a working switch for the strictly necessary category.
    pub always_on_label: AttrValue,
    /// "Services" and "Cookies", in the visitor's language.
    pub services_label: AttrValue,
    pub cookies_label: AttrValue,
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
            <p class="jl-category__desc" id={description_id}>{ &category.description }</p>
            if !category.services.is_empty() {
                <p class="jl-services__label">{ props.services_label.clone() }</p>
                <ul class="jl-services">
                    { for category.services.iter().map(|service| html! {
                        <li>
                            <span class="jl-service__name">{ &service.name }</span>
                            if !service.description.is_empty() {
                                { " — " }{ &service.description }
                            }
                            if !service.cookies.is_empty() {
                                <span class="jl-service__cookies">
                                    { props.cookies_label.clone() }{ ": " }{ service.cookies.join(", ") }
                                </span>
                            }
                        </li>
                    }) }
                </ul>
            }
        </li>
    }
}
