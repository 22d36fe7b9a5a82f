//! The profile: which tenant, user pool and certificates the trace should show. The summary line (always visible)
//! says which profile is in use; the editor changes the user's profile, validated key by key with the core's
//! `Profile::validate` and saved in this browser. "Import from metadata" fills tenant and thumbprints.

use yew::prelude::*;

use crate::examples;
use crate::profile::{Profile, ProfileError};
use crate::ui::metadata_import;
use crate::ui::state::ProfileSource;

/// Props of [`ProfileEditor`].
#[derive(Properties, PartialEq)]
pub struct ProfileEditorProps {
    /// The user's profile.
    pub profile: Profile,
    /// What is wrong with it.
    pub errors: Vec<ProfileError>,
    /// Whose profile the analysis uses now.
    pub source: ProfileSource,
    /// The user changed the profile.
    pub on_change: Callback<Profile>,
}

/// The text of each field while it is being edited.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Draft {
    tenant_id: String,
    identifier: String,
    reply_url: String,
    sign_on_url: String,
    thumbprints: String,
    required_claims: String,
    clock_skew: String,
}

impl Draft {
    fn of(p: &Profile) -> Self {
        Draft {
            tenant_id: p.tenant_id.clone().unwrap_or_default(),
            identifier: p.identifier.clone().unwrap_or_default(),
            reply_url: p.reply_url.clone().unwrap_or_default(),
            sign_on_url: p.sign_on_url.clone().unwrap_or_default(),
            thumbprints: p.certificate_thumbprints.join("\n"),
            required_claims: p.required_claims.as_ref().map(|c| c.join(", ")).unwrap_or_default(),
            clock_skew: p.clock_skew_seconds.map(|s| s.to_string()).unwrap_or_default(),
        }
    }

    /// The profile the fields describe, or why the clock skew is not a number.
    fn profile(&self) -> Result<Profile, String> {
        let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let clock_skew_seconds = match self.clock_skew.trim() {
            "" => None,
            s => Some(s.parse::<i64>().map_err(|_| format!("'{s}' is not a whole number of seconds"))?),
        };
        let claims: Vec<String> =
            self.required_claims.split(',').map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned).collect();
        Ok(Profile {
            tenant_id: opt(&self.tenant_id),
            identifier: opt(&self.identifier),
            reply_url: opt(&self.reply_url),
            sign_on_url: opt(&self.sign_on_url),
            certificate_thumbprints: self.thumbprints.split(['\n', ',']).filter_map(opt).collect(),
            required_claims: (!claims.is_empty()).then_some(claims),
            clock_skew_seconds,
        })
    }
}

/// One editable key: (field key, label, hint, multi-line).
const FIELDS: &[(&str, &str, &str, bool)] = &[
    (
        "tenant_id",
        "Tenant ID",
        "Entra → Overview → Tenant ID. The issuer must be https://sts.windows.net/<tenant>/.",
        false,
    ),
    (
        "identifier",
        "Identifier (Entity ID)",
        "urn:amazon:cognito:sp:<user-pool-id>, as in Entra's Basic SAML Configuration.",
        false,
    ),
    ("reply_url", "Reply URL (ACS)", "https://<domain>.auth.<region>.amazoncognito.com/saml2/idpresponse", false),
    ("sign_on_url", "Sign on URL", "https://<subdomain>.numly.io/registration?mail=<identifier>", false),
    (
        "certificate_thumbprints",
        "Expected certificate thumbprints",
        "SHA-1 or SHA-256, one per line (Entra → SAML Certificates → Thumbprint).",
        true,
    ),
    ("required_claims", "Required claims", "Comma-separated; empty means Email, Phone number.", false),
    ("clock_skew_seconds", "Clock skew (seconds)", "Tolerance on time conditions; empty means 300.", false),
];

/// The profile editor.
#[function_component(ProfileEditor)]
pub fn profile_editor(props: &ProfileEditorProps) -> Html {
    let draft = use_state(|| Draft::of(&props.profile));
    let local_error = use_state(|| None::<String>);
    let metadata = use_state(String::new);
    let import_result = use_state(|| None::<Result<String, String>>);

    // A profile changed from outside (import, reset, share link) replaces the fields.
    {
        let draft = draft.clone();
        use_effect_with(props.profile.clone(), move |p| {
            if draft.profile().as_ref() != Ok(p) {
                draft.set(Draft::of(p));
            }
        });
    }

    let field = |key: &'static str, label: &'static str, hint: &'static str, multiline: bool| {
        let id = format!("profile-{key}");
        let value = match key {
            "tenant_id" => draft.tenant_id.clone(),
            "identifier" => draft.identifier.clone(),
            "reply_url" => draft.reply_url.clone(),
            "sign_on_url" => draft.sign_on_url.clone(),
            "certificate_thumbprints" => draft.thumbprints.clone(),
            "required_claims" => draft.required_claims.clone(),
            _ => draft.clock_skew.clone(),
        };
        let mut errors: Vec<String> = props.errors.iter().filter(|e| e.key == key).map(|e| e.message.clone()).collect();
        if key == "clock_skew_seconds" {
            errors.extend((*local_error).clone());
        }
        let oninput = {
            let draft = draft.clone();
            let local_error = local_error.clone();
            let on_change = props.on_change.clone();
            Callback::from(move |e: InputEvent| {
                let value = e
                    .target_dyn_into::<web_sys::HtmlInputElement>()
                    .map(|i| i.value())
                    .or_else(|| e.target_dyn_into::<web_sys::HtmlTextAreaElement>().map(|t| t.value()))
                    .unwrap_or_default();
                let mut next = (*draft).clone();
                match key {
                    "tenant_id" => next.tenant_id = value,
                    "identifier" => next.identifier = value,
                    "reply_url" => next.reply_url = value,
                    "sign_on_url" => next.sign_on_url = value,
                    "certificate_thumbprints" => next.thumbprints = value,
                    "required_claims" => next.required_claims = value,
                    _ => next.clock_skew = value,
                }
                match next.profile() {
                    Ok(p) => {
                        local_error.set(None);
                        on_change.emit(p);
                    }
                    Err(e) => local_error.set(Some(e)),
                }
                draft.set(next);
            })
        };
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let described = if errors.is_empty() { hint_id.clone() } else { format!("{hint_id} {error_id}") };
        let invalid = (!errors.is_empty()).then_some("true");
        html! {
            <div class={classes!("field", invalid.map(|_| "invalid"))} data-key={key}>
                <label for={id.clone()}>{ label }</label>
                if multiline {
                    <textarea id={id.clone()} rows="2" spellcheck="false" {value} aria-describedby={described} aria-invalid={invalid} {oninput} />
                } else {
                    <input id={id.clone()} type="text" spellcheck="false" autocomplete="off" {value} aria-describedby={described} aria-invalid={invalid} {oninput} />
                }
                <p class="hint" id={hint_id}>{ hint }</p>
                if !errors.is_empty() {
                    <p class="field-error" id={error_id}>{ errors.join("; ") }</p>
                }
            </div>
        }
    };

    let on_metadata = {
        let metadata = metadata.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            metadata.set(area.value());
        })
    };
    let on_import = {
        let metadata = metadata.clone();
        let import_result = import_result.clone();
        let on_change = props.on_change.clone();
        let base = props.profile.clone();
        Callback::from(move |_: MouseEvent| match metadata_import::import(&metadata, &base) {
            Ok(found) => {
                import_result.set(Some(Ok(format!(
                    "Imported tenant {} and {} signing certificate thumbprint(s): {}.",
                    found.tenant_id,
                    found.thumbprints.len(),
                    found.thumbprints.join(", ")
                ))));
                on_change.emit(found.profile);
            }
            Err(e) => import_result.set(Some(Err(e))),
        })
    };
    let on_example_metadata = {
        let metadata = metadata.clone();
        Callback::from(move |_: MouseEvent| metadata.set(examples::METADATA.to_owned()))
    };
    let on_reset = props.on_change.reform(|_: MouseEvent| Profile::numly_default());

    html! {
        <section class="panel profile-panel" aria-labelledby="profile-heading">
            <h2 id="profile-heading" class="panel-title">{ "Profile" }</h2>
            <p class="profile-in-use" id="profile-in-use">{ in_use(&props.profile, props.source) }</p>
            <details class="profile-editor" id="profile-editor">
                <summary>{ "Edit your profile" }</summary>
                if let ProfileSource::Example(_) = props.source {
                    <p class="hint">{ "Your profile applies to your own traces; examples use their own tenant." }</p>
                }
                { for FIELDS.iter().map(|(k, l, h, m)| field(k, l, h, *m)) }
                <div class="field-actions">
                    <button type="button" class="button secondary small" id="profile-reset" onclick={on_reset}>
                        { "Reset to NumlyEngage defaults" }
                    </button>
                </div>
                <div class="field import">
                    <label for="metadata-input">{ "Import from App Federation Metadata XML" }</label>
                    <textarea id="metadata-input" rows="3" spellcheck="false" value={(*metadata).clone()} oninput={on_metadata}
                        placeholder="<EntityDescriptor … entityID=\"https://sts.windows.net/…/\">" />
                    <div class="field-actions">
                        <button type="button" class="button small" id="metadata-import" onclick={on_import}
                            disabled={metadata.trim().is_empty()}>{ "Import tenant and certificates" }</button>
                        <button type="button" class="button secondary small" onclick={on_example_metadata}>
                            { "Use the example tenant's metadata" }
                        </button>
                    </div>
                    if let Some(result) = &*import_result {
                        <p class={classes!(if result.is_ok() { "import-ok" } else { "field-error" })} id="metadata-result" role="status">
                            { match result { Ok(t) | Err(t) => t.clone() } }
                        </p>
                    }
                </div>
                <p class="hint">{ "Saved in this browser only (localStorage). Traces are never saved." }</p>
            </details>
        </section>
    }
}

fn in_use(profile: &Profile, source: ProfileSource) -> String {
    match source {
        ProfileSource::Example(id) => {
            let title = examples::find(id).map_or(id, |e| e.title);
            format!("In use: the example tenant {} (example “{title}”).", examples::TENANT_ID)
        }
        ProfileSource::Saved if *profile == Profile::default() => {
            "In use: NumlyEngage defaults (no tenant, pool or certificate set — values are checked against the \
             NumlyEngage patterns only)."
                .to_owned()
        }
        ProfileSource::Saved => {
            let mut parts = Vec::new();
            if let Some(t) = &profile.tenant_id {
                parts.push(format!("tenant {t}"));
            }
            if let Some(i) = &profile.identifier {
                parts.push(i.clone());
            }
            if !profile.certificate_thumbprints.is_empty() {
                parts.push(format!("{} certificate thumbprint(s)", profile.certificate_thumbprints.len()));
            }
            if parts.is_empty() {
                parts.push("custom settings".to_owned());
            }
            format!("In use: your profile — {}.", parts.join(", "))
        }
    }
}
