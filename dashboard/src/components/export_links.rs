//! Links to the CSV exports of the range on screen.

use yew::prelude::*;

use crate::model::date_range::DateRange;
use crate::model::route::{daily_csv_url, receipts_csv_url};

/// Props of [`ExportLinks`].
#[derive(Properties, PartialEq)]
pub struct ExportLinksProps {
    pub range: DateRange,
}

/// "Download CSV" for every decision and for the daily counts.
#[component(ExportLinks)]
pub fn export_links(props: &ExportLinksProps) -> Html {
    let range = props.range;
    let suffix = format!("{}_{}", range.from(), range.to());
    html! {
        <section class="card" aria-labelledby="export-heading">
            <h2 id="export-heading">{ "Выгрузка CSV за период" }</h2>
            <ul class="export-links">
                <li>
                    <a class="button button-secondary" href={receipts_csv_url(range)}
                        download={format!("consent-receipts_{suffix}.csv")}>
                        { "Все решения (квитанции)" }
                    </a>
                </li>
                <li>
                    <a class="button button-secondary" href={daily_csv_url(range)}
                        download={format!("consent-daily_{suffix}.csv")}>
                        { "Итоги по дням" }
                    </a>
                </li>
            </ul>
        </section>
    }
}
