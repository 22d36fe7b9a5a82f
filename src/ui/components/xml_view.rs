//! The message XML: pretty-printed and highlighted as an accessible tree widget (WAI-ARIA tree view: `role=tree`,
//! `treeitem`, `group`, `aria-expanded`, `aria-level`, one item in the tab order; arrows, Home, End, Enter and
//! Space), with the regions signatures cover marked, or the raw text as received. Every name and value is a text
//! node: nothing from the input ever becomes markup.

use std::rc::Rc;

use wasm_bindgen::JsCast as _;
use yew::prelude::*;

use crate::ui::inspect::{self, SignedRegion, TreeItem, TreeKey, XmlElementView, XmlNodeView};

/// Raw text longer than this is cut in the raw view (the whole text is in the exports).
const MAX_RAW_CHARS: usize = 1_000_000;

/// Props of [`XmlView`].
#[derive(Properties, PartialEq)]
pub struct XmlViewProps {
    /// The XML text as received.
    pub xml: AttrValue,
    /// The elements signature references cover.
    #[prop_or_default]
    pub signed: Vec<SignedRegion>,
}

/// The XML view.
#[function_component(XmlView)]
pub fn xml_view(props: &XmlViewProps) -> Html {
    let open = use_state(|| false);
    let raw = use_state(|| false);
    // Built only once the section is opened (and not showing the raw text): a closed view costs nothing.
    let tree = use_memo((props.xml.clone(), props.signed.clone(), *open && !*raw), |(xml, signed, shown)| {
        shown.then(|| inspect::xml_tree(xml, signed).map(|root| (inspect::tree_items(&root), root)))
    });
    // Which items are open (by item index; `None`: as the view opens), which one is the tab stop.
    let expanded = use_state(|| None::<Rc<Vec<bool>>>);
    let focused = use_state(|| 0_usize);
    let tree_ref = use_node_ref();
    let move_focus = use_mut_ref(|| false);
    {
        // Another message in this card: its own tree, as it opens.
        let (expanded, focused) = (expanded.setter(), focused.setter());
        use_effect_with(props.xml.clone(), move |_| {
            expanded.set(None);
            focused.set(0);
        });
    }
    {
        // After a key moved the focus, put the DOM focus on the item.
        let (tree_ref, move_focus) = (tree_ref.clone(), move_focus.clone());
        use_effect_with((*focused, (*expanded).clone()), move |(focused, _)| {
            if std::mem::take(&mut *move_focus.borrow_mut()) {
                let item = tree_ref
                    .cast::<web_sys::Element>()
                    .and_then(|t| t.query_selector(&format!("[data-item=\"{focused}\"]")).ok().flatten())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(item) = item {
                    let _ = item.focus();
                }
            }
        });
    }
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(details.open());
        })
    };
    let onchange = {
        let raw = raw.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            raw.set(input.checked());
        })
    };
    let raw_text = || {
        if props.xml.len() > MAX_RAW_CHARS {
            let cut = props.xml.char_indices().nth(MAX_RAW_CHARS).map_or(props.xml.len(), |(i, _)| i);
            format!("{}\n… ({} more bytes)", &props.xml[..cut], props.xml.len() - cut)
        } else {
            props.xml.to_string()
        }
    };
    let body = match &*tree {
        _ if *raw => html! { <pre class="xml-raw" tabindex="0">{ raw_text() }</pre> },
        None => html! {},
        Some(Err(e)) => html! {
            <>
                <p class="parse-error">{ format!("Not well-formed XML ({e}); showing the raw text.") }</p>
                <pre class="xml-raw" tabindex="0">{ raw_text() }</pre>
            </>
        },
        Some(Ok((items, root))) => {
            let open_items = (*expanded).clone().unwrap_or_else(|| Rc::new(inspect::initially_expanded(items)));
            let toggle = {
                let (expanded, open_items) = (expanded.clone(), open_items.clone());
                move |index: usize| {
                    let mut next = (*open_items).clone();
                    if let Some(open) = next.get_mut(index) {
                        *open = !*open;
                    }
                    expanded.set(Some(Rc::new(next)));
                }
            };
            let onkeydown = {
                let (tree, open_items, focused, toggle) =
                    (tree.clone(), open_items.clone(), focused.clone(), toggle.clone());
                Callback::from(move |e: KeyboardEvent| {
                    let Some(key) = TreeKey::of(&e.key()) else { return };
                    let Some(Ok((items, _))) = &*tree else { return };
                    if e.alt_key() || e.ctrl_key() || e.meta_key() {
                        return;
                    }
                    e.prevent_default();
                    let (to, toggled) = inspect::tree_key(items, &open_items, *focused, key);
                    if let Some(index) = toggled {
                        toggle(index);
                    }
                    *move_focus.borrow_mut() = true;
                    focused.set(to);
                })
            };
            let on_click = {
                let focused = focused.clone();
                let expandable: Vec<bool> = items.iter().map(|t| t.expandable).collect();
                Callback::from(move |index: usize| {
                    if expandable.get(index).copied().unwrap_or(false) {
                        toggle(index);
                    }
                    focused.set(index);
                })
            };
            let context = TreeContext { items, expanded: &open_items, focused: *focused, on_click };
            let mut next = 0;
            html! {
                <ul class="xml-tree" role="tree" aria-label="The message XML" ref={tree_ref} {onkeydown}>
                    { item(root, &context, &mut next) }
                </ul>
            }
        }
    };
    html! {
        <details class="xml-view" {ontoggle}>
            <summary>{ "XML" }</summary>
            <label class="checkbox raw-toggle">
                <input type="checkbox" checked={*raw} {onchange} />{ "Raw (as received)" }
            </label>
            { body }
        </details>
    }
}

struct TreeContext<'a> {
    items: &'a [TreeItem],
    expanded: &'a [bool],
    focused: usize,
    on_click: Callback<usize>,
}

/// The tree item for `node`, numbered `*next` (pre-order, as [`inspect::tree_items`] numbers them).
fn item(node: &XmlNodeView, context: &TreeContext<'_>, next: &mut usize) -> Html {
    let index = *next;
    *next += 1;
    let level = context.items.get(index).map_or(1, |t| t.level).to_string();
    let tabindex = if index == context.focused { "0" } else { "-1" };
    let onclick = context.on_click.reform(move |e: MouseEvent| {
        e.stop_propagation();
        index
    });
    let line = |class: &'static str, content: Html| {
        html! {
            <li role="treeitem" aria-level={level.clone()} tabindex={tabindex} data-item={index.to_string()} onclick={onclick.clone()}>
                <div class={classes!("x-line", class)}>{ content }</div>
            </li>
        }
    };
    match node {
        XmlNodeView::Element(e) if !e.is_inline() => {
            let open = inspect::is_open(context.expanded, index);
            let children: Vec<Html> = e.children.iter().map(|c| item(c, context, next)).collect();
            html! {
                <li role="treeitem" aria-level={level} aria-expanded={open.to_string()} tabindex={tabindex}
                    data-item={index.to_string()} class={classes!(signed_class(e))} {onclick}>
                    <div class="x-line x-open">
                        <span class="x-twisty" aria-hidden="true">{ if open { "▾ " } else { "▸ " } }</span>
                        { start_tag(e) }<span class="x-punct">{ ">" }</span>{ signed_badge(e) }
                        if !open { <span class="x-punct">{ "…" }</span>{ end_tag(e) } }
                    </div>
                    <ul role="group" hidden={!open}>{ for children }</ul>
                    if open { <div class="x-line x-close">{ end_tag(e) }</div> }
                </li>
            }
        }
        XmlNodeView::Element(e) => {
            let content = match e.children.as_slice() {
                [XmlNodeView::Text(t)] => html! {
                    <>{ start_tag(e) }<span class="x-punct">{ ">" }</span><span class="x-text">{ t.clone() }</span>{ end_tag(e) }{ signed_badge(e) }</>
                },
                _ => html! { <>{ start_tag(e) }<span class="x-punct">{ "/>" }</span>{ signed_badge(e) }</> },
            };
            html! {
                <li role="treeitem" aria-level={level} tabindex={tabindex} data-item={index.to_string()}
                    class={classes!(signed_class(e))} {onclick}>
                    <div class="x-line">{ content }</div>
                </li>
            }
        }
        XmlNodeView::Text(t) => line("x-text", html! { t.clone() }),
        XmlNodeView::Comment(c) => line("x-comment", html! { format!("<!--{c}-->") }),
        XmlNodeView::Instruction(p) => line("x-pi", html! { format!("<?{p}?>") }),
        XmlNodeView::Omitted(count) => line("x-omitted", html! { format!("… {count} more nodes: see the raw view") }),
    }
}

fn signed_class(e: &XmlElementView) -> Option<&'static str> {
    e.signed.map(|verified| if verified { "x-signed" } else { "x-signed x-signed-bad" })
}

fn signed_badge(e: &XmlElementView) -> Html {
    match e.signed {
        Some(true) if e.signed_reported => {
            html! { <span class="x-signed-badge">{ "signed region, verified before redaction (as the share link reports)" }</span> }
        }
        Some(true) => html! { <span class="x-signed-badge">{ "signed region, verified" }</span> },
        Some(false) => html! { <span class="x-signed-badge bad">{ "signed region, not verified" }</span> },
        None => html! {},
    }
}

fn start_tag(e: &XmlElementView) -> Html {
    html! {
        <>
            <span class="x-punct">{ "<" }</span><span class="x-tag">{ e.name.clone() }</span>
            { for e.namespaces.iter().map(|(k, v)| attr(k, v, "x-ns")) }
            { for e.attributes.iter().map(|(k, v)| attr(k, v, "x-attr")) }
        </>
    }
}

fn end_tag(e: &XmlElementView) -> Html {
    html! { <><span class="x-punct">{ "</" }</span><span class="x-tag">{ e.name.clone() }</span><span class="x-punct">{ ">" }</span></> }
}

fn attr(name: &str, value: &str, class: &'static str) -> Html {
    html! {
        <>
            { " " }<span class={class}>{ name.to_owned() }</span><span class="x-punct">{ "=\"" }</span>
            <span class="x-value">{ value.to_owned() }</span><span class="x-punct">{ "\"" }</span>
        </>
    }
}
