//! The header: product name, the pages, the signed-in user and "log out".

use yew::prelude::*;

use crate::model::route::{Location, Page};

/// Props of [`TopBar`].
#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    pub location: Location,
    pub username: AttrValue,
    pub onnavigate: Callback<Location>,
    pub onlogout: Callback<()>,
}

/// The header with the navigation.
#[component(TopBar)]
pub fn top_bar(props: &TopBarProps) -> Html {
    let links = Page::ALL.into_iter().map(|page| {
        let target = props.location.with_page(page);
        let current = page == props.location.page;
        html! {
            <li>
                <NavLink
                    href={target.href()}
                    {current}
                    onnavigate={props.onnavigate.reform(move |()| target.clone())}
                >
                    { page.title() }
                </NavLink>
            </li>
        }
    });
    let onlogout = props.onlogout.reform(|_: MouseEvent| ());
    html! {
        <header class="top-bar">
            <div class="top-bar-inner">
                <p class="brand">
                    <span class="brand-name">{ "Jet Leasing" }</span>
                    <span class="brand-product">{ "Согласия на cookie" }</span>
                </p>
                <nav class="main-nav" aria-label="Разделы">
                    <ul>{ for links }</ul>
                </nav>
                <div class="user">
                    <span class="user-name" title="Вы вошли как">{ props.username.clone() }</span>
                    <button type="button" class="button button-quiet" onclick={onlogout}>{ "Выйти" }</button>
                </div>
            </div>
        </header>
    }
}

/// Props of [`NavLink`].
#[derive(Properties, PartialEq)]
pub struct NavLinkProps {
    pub href: AttrValue,
    pub current: bool,
    pub onnavigate: Callback<()>,
    pub children: Html,
}

/// A real link (it opens in a new tab with Ctrl/middle click) that a plain click turns into
/// in-app navigation.
#[component(NavLink)]
pub fn nav_link(props: &NavLinkProps) -> Html {
    let onclick = {
        let onnavigate = props.onnavigate.clone();
        Callback::from(move |event: MouseEvent| {
            let modified =
                event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
            if event.button() == 0 && !modified {
                event.prevent_default();
                onnavigate.emit(());
            }
        })
    };
    html! {
        <a
            href={props.href.clone()}
            class={classes!("nav-link", props.current.then_some("nav-link-current"))}
            aria-current={props.current.then_some("page")}
            {onclick}
        >
            { props.children.clone() }
        </a>
    }
}
