//! Microsoft Entra ID `AADSTS` error codes, explained for the NumlyEngage integration.
//!
//! `meaning` follows Microsoft's documented description of the code ("Microsoft Entra authentication and
//! authorization error codes" and the per-code troubleshooting articles); `likely_cause` and `fix` are written
//! for NumlyEngage: an Amazon Cognito user pool is the SAML service provider, the customer's Entra tenant is
//! the identity provider, sign-in is SP-initiated only, and the Entra side is the NumlyEngage enterprise
//! application's Single sign-on page:
//!
//! - Identifier (Entity ID): `urn:amazon:cognito:sp:<user-pool-id>`
//! - Reply URL (Assertion Consumer Service URL): `https://<domain>.auth.<region>.amazoncognito.com/saml2/idpresponse`
//! - Sign on URL: `https://<SUBDOMAIN>.numly.io/registration?mail=<CUSTOM_IDENTIFIER>`
//! - Attributes & Claims: `Email` ← `user.mail`, `Phone number` ← `user.telephonenumber`
//!
//! Where a cause is inferred rather than documented by Microsoft, the text says so. Microsoft warns that codes
//! and messages change; [`error_lookup_url`] gives the official lookup page for any code.

use std::ops::Range;

use serde::Serialize;

use super::{percent_decode, truncate_chars};

/// Entra admin center pages that several codes send the admin to (what `entra_page` names).
pub mod page {
    /// Enterprise applications → NumlyEngage → Single sign-on → Basic SAML Configuration → Identifier (Entity ID)
    pub const BASIC_SAML_IDENTIFIER: &str =
        "Enterprise applications → NumlyEngage → Single sign-on → Basic SAML Configuration → Identifier (Entity ID)";
    /// Enterprise applications → NumlyEngage → Single sign-on → Basic SAML Configuration → Reply URL
    pub const BASIC_SAML_REPLY_URL: &str = "Enterprise applications → NumlyEngage → Single sign-on → Basic SAML \
                                            Configuration → Reply URL (Assertion Consumer Service URL)";
    /// Protection → Conditional Access → Policies
    pub const CONDITIONAL_ACCESS_POLICIES: &str = "Protection → Conditional Access → Policies";
    /// Users → All users → New user → Invite external user
    pub const INVITE_EXTERNAL_USER: &str = "Users → All users → New user → Invite external user";
    /// Users → the user → Reset password
    pub const RESET_PASSWORD: &str = "Users → the user → Reset password";
    /// Enterprise applications → NumlyEngage → Single sign-on → SAML Certificates
    pub const SAML_CERTIFICATES: &str = "Enterprise applications → NumlyEngage → Single sign-on → SAML Certificates";
    /// Enterprise applications → NumlyEngage → Single sign-on → SAML Certificates → Verification certificates
    pub const SAML_VERIFICATION_CERTIFICATES: &str =
        "Enterprise applications → NumlyEngage → Single sign-on → SAML Certificates → Verification certificates";
    /// Monitoring & health → Sign-in logs
    pub const SIGN_IN_LOGS: &str = "Monitoring & health → Sign-in logs";
}

/// One `AADSTS` error code: Microsoft's meaning and the NumlyEngage-specific cause and fix.
///
/// `meaning`, `likely_cause` and `entra_page` are shown by `sso-doctor explain AADSTS<code>` only: the web app (whose
/// findings quote `title` and `fix`) is built without them, which keeps about 18 KB of text out of its download.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct AadstsCode {
    /// The number after `AADSTS`, e.g. `50011`.
    pub code: u32,
    /// Microsoft's internal name for the error where its reference documents one (e.g. `InvalidReplyTo`),
    /// otherwise a short description in Microsoft's words (e.g. `No reply address provided`).
    pub title: &'static str,
    /// What the code means, following Microsoft's documentation. Not in the web app.
    #[cfg(not(target_arch = "wasm32"))]
    pub meaning: &'static str,
    /// What most likely caused it in the NumlyEngage (Cognito) + Entra integration. Not in the web app.
    #[cfg(not(target_arch = "wasm32"))]
    pub likely_cause: &'static str,
    /// What to change, naming the Entra page and field, or what to send NumlyEngage support.
    pub fix: &'static str,
    /// The Entra admin center page (and field) where the fix is made, when the fix is an Entra setting. Not in the web
    /// app.
    #[cfg(not(target_arch = "wasm32"))]
    pub entra_page: Option<&'static str>,
}

/// An [`AadstsCode`] of the table, written with every field; the fields the web app does not show are left out of
/// the wasm32 build (see [`AadstsCode`]).
macro_rules! aadsts_code {
    (code: $code:expr, title: $title:expr, meaning: $meaning:expr, likely_cause: $cause:expr, fix: $fix:expr,
     entra_page: $page:expr $(,)?) => {
        AadstsCode {
            code: $code,
            title: $title,
            #[cfg(not(target_arch = "wasm32"))]
            meaning: $meaning,
            #[cfg(not(target_arch = "wasm32"))]
            likely_cause: $cause,
            fix: $fix,
            #[cfg(not(target_arch = "wasm32"))]
            entra_page: $page,
        }
    };
}

/// An `AADSTS` code found in text by [`find_codes`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AadstsMention {
    /// The number after `AADSTS`.
    pub code: u32,
    /// Byte range of `AADSTS<digits>` in the searched text.
    pub span: Range<usize>,
    /// The Entra error sentence starting at the code (`AADSTS50011: The redirect URI ...`), decoded when the
    /// text was URL-encoded; `None` when the code is not followed by `:` (or `%3A`, or ` - `) and a message.
    pub message: Option<String>,
}

/// Returns the knowledge-base entry for an `AADSTS` code, or `None` when the code is not in the table.
pub fn lookup(code: u32) -> Option<&'static AadstsCode> {
    AADSTS_CODES.iter().find(|entry| entry.code == code)
}

/// Microsoft's official lookup page for an `AADSTS` code (kept current by Microsoft; useful for unknown codes).
pub fn error_lookup_url(code: u32) -> String {
    format!("https://login.microsoftonline.com/error?code={code}")
}

/// Finds every `AADSTS` code (5 to 7 digits; the prefix is matched case-insensitively) in `text`, including in
/// URL-encoded text such as `AADSTS50011%3a+The+redirect+URI...`, de-duplicated by code (the first position
/// wins), in order of first appearance. A run of more than 7 digits is not a code and is skipped. Unknown
/// codes are returned too: [`lookup`] gives `None` for them.
pub fn find_codes(text: &str) -> Vec<AadstsMention> {
    let haystack = text.to_ascii_lowercase();
    let mut mentions: Vec<AadstsMention> = Vec::new();
    let mut from = 0;
    while let Some(found) = haystack.get(from..).and_then(|rest| rest.find(CODE_PREFIX)) {
        let start = from + found;
        let digits_start = start + CODE_PREFIX.len();
        let digit_count = text
            .as_bytes()
            .get(digits_start..)
            .map_or(0, |rest| rest.iter().take_while(|byte| byte.is_ascii_digit()).count());
        let digits_end = digits_start + digit_count;
        from = digits_end;
        if !(MIN_CODE_DIGITS..=MAX_CODE_DIGITS).contains(&digit_count) {
            continue;
        }
        let Some(code) = text.get(digits_start..digits_end).and_then(|digits| digits.parse::<u32>().ok()) else {
            continue;
        };
        if mentions.iter().any(|mention| mention.code == code) {
            continue;
        }
        mentions.push(AadstsMention {
            code,
            span: start..digits_end,
            message: error_sentence(text, start, digits_end),
        });
    }
    mentions
}

/// The `AADSTS` knowledge base, in ascending code order; each code appears once (tests check both).
pub static AADSTS_CODES: &[AadstsCode] = &[
    aadsts_code! {
        code: 16000,
        title: "InteractionRequired",
        meaning: "The user account from the named identity provider does not exist in the tenant and cannot \
                  access the application in that tenant; it must be added as an external user first.",
        likely_cause: "The browser is signed in to Microsoft with another account (a personal Microsoft account \
                       or a work account from another tenant) and Entra picked it for the NumlyEngage sign-in, \
                       or the person is a guest who was never invited to your tenant.",
        fix: "Sign out of other Microsoft accounts (or use a private window) and sign in with the work account \
              of the tenant that holds the NumlyEngage enterprise application. If the person really is external, \
              invite them in Entra admin center → Users → All users → New user → Invite external user, then \
              assign them in Enterprise applications → NumlyEngage → Users and groups.",
        entra_page: Some(page::INVITE_EXTERNAL_USER),
    },
    aadsts_code! {
        code: 50000,
        title: "TokenIssuanceError",
        meaning: "There is an issue with the Entra sign-in service; Microsoft advises opening a support ticket.",
        likely_cause: "Usually transient on Microsoft's side. If it repeats for NumlyEngage only, a broken \
                       token-signing setup of the enterprise application is possible (inferred, not documented).",
        fix: "Retry the sign-in from the NumlyEngage Sign on URL. If it repeats, check Enterprise applications → \
              NumlyEngage → Single sign-on → SAML Certificates shows an Active, unexpired certificate, look the \
              attempt up in Entra admin center → Monitoring & health → Sign-in logs, and open a Microsoft support \
              ticket with the Trace ID and Correlation ID from the error page.",
        entra_page: Some(page::SIGN_IN_LOGS),
    },
    aadsts_code! {
        code: 50003,
        title: "MissingSigningKey",
        meaning: "Sign-in failed because of a missing signing key or certificate: no signing key is configured \
                  for the application.",
        likely_cause: "The NumlyEngage enterprise application has no active SAML signing certificate (it was \
                       deleted, or a new one was created but never made Active), so Entra cannot sign the \
                       assertion for Cognito.",
        fix: "In Enterprise applications → NumlyEngage → Single sign-on → SAML Certificates, create or import a \
              certificate and make it Active. Then send the App Federation Metadata URL from the same section to \
              NumlyEngage support so Cognito trusts the new certificate.",
        entra_page: Some(page::SAML_CERTIFICATES),
    },
    aadsts_code! {
        code: 50006,
        title: "InvalidSignature",
        meaning: "Signature verification failed because of an invalid signature.",
        likely_cause: "In a SAML sign-in this points at a signed AuthnRequest whose signature Entra cannot verify \
                       with the verification certificate uploaded for NumlyEngage: Cognito rotated its request \
                       signing certificate, or the wrong certificate was uploaded (inferred; Microsoft documents \
                       only the generic meaning).",
        fix: "In Enterprise applications → NumlyEngage → Single sign-on → SAML Certificates → Verification \
              certificates, upload the current Cognito request-signing certificate (ask NumlyEngage support for \
              it), or turn off 'Require verification certificates' if NumlyEngage does not sign requests.",
        entra_page: Some(page::SAML_VERIFICATION_CERTIFICATES),
    },
    aadsts_code! {
        code: 50008,
        title: "InvalidSamlToken",
        meaning: "A SAML assertion is missing or misconfigured in the token; Microsoft advises contacting the \
                  federation provider.",
        likely_cause: "This concerns the token Entra received from another identity provider, not the one Entra \
                       sends to Cognito: the user's domain is federated to AD FS or a third-party IdP (or the \
                       user is a guest from a SAML/WS-Fed partner) and that IdP's token was rejected.",
        fix: "Nothing on the NumlyEngage application needs changing. Check the federation of the user's domain \
              (Entra admin center → Settings → Domain names) or External Identities → All identity providers, \
              and have the team running that identity provider fix the token it issues.",
        entra_page: Some("External Identities → All identity providers"),
    },
    aadsts_code! {
        code: 50011,
        title: "InvalidReplyTo",
        meaning: "The reply address (redirect URI) in the request is missing, misconfigured, or does not match \
                  the reply addresses configured for the application. For SAML, the AssertionConsumerServiceURL \
                  of the AuthnRequest is compared with the Reply URL of the enterprise application.",
        likely_cause: "The Reply URL in Entra's Basic SAML Configuration is not exactly \
                       https://<domain>.auth.<region>.amazoncognito.com/saml2/idpresponse as Cognito sends it in \
                       AssertionConsumerServiceURL: a typo, a wrong region or domain prefix, http instead of \
                       https, a trailing slash, or a custom Cognito domain that was never added.",
        fix: "Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML \
              Configuration → Reply URL (Assertion Consumer Service URL): enter the URL quoted in the error (the \
              AssertionConsumerServiceURL of the request) exactly, character for character, and save.",
        entra_page: Some(page::BASIC_SAML_REPLY_URL),
    },
    aadsts_code! {
        code: 50020,
        title: "UserUnauthorized",
        meaning: "The user account from the named identity provider does not exist in the tenant and cannot \
                  access the application; it must be added as an external user in the tenant first.",
        likely_cause: "The person signed in with an account that is not in the tenant holding NumlyEngage: a \
                       personal Microsoft account, an account of another organisation, or a guest who was never \
                       invited.",
        fix: "Have the person sign in with their account in your tenant (use a private window to avoid a cached \
              account). For a real external user, invite them in Users → All users → New user → Invite external \
              user, then assign them in Enterprise applications → NumlyEngage → Users and groups.",
        entra_page: Some(page::INVITE_EXTERNAL_USER),
    },
    aadsts_code! {
        code: 50034,
        title: "UserAccountNotFound",
        meaning: "The account does not exist in the directory: the user mistyped the username, or the user is \
                  not in the tenant the application signs in to.",
        likely_cause: "A mistyped user name, or a sign-in name that belongs to another tenant. The NumlyEngage \
                       Sign on URL sends users to your tenant's SAML endpoint, so only accounts of that tenant \
                       (or invited guests) can sign in.",
        fix: "Check the user exists with that user principal name in Entra admin center → Users → All users and \
              sign in with exactly that name. If they belong to another organisation, invite them as a guest and \
              assign them to NumlyEngage.",
        entra_page: Some("Users → All users"),
    },
    aadsts_code! {
        code: 50053,
        title: "IdsLocked",
        meaning: "The account is locked after too many sign-in attempts with a wrong user ID or password, or the \
                  sign-in was blocked because it came from an IP address with malicious activity.",
        likely_cause: "Repeated wrong passwords (often a saved old password) triggered Entra smart lockout, or \
                       Microsoft blocked the sign-in source IP.",
        fix: "Find the attempt in Entra admin center → Monitoring & health → Sign-in logs (Sign-in error code \
              50053) and read the Failure reason. Wait for the lockout to end or reset the password in Users → \
              the user → Reset password; for a risky user see Protection → Identity Protection → Risky users.",
        entra_page: Some(page::SIGN_IN_LOGS),
    },
    aadsts_code! {
        code: 50055,
        title: "InvalidPasswordExpiredPassword",
        meaning: "The user's password has expired.",
        likely_cause: "The user's Entra password expired; this is independent of NumlyEngage.",
        fix: "The user changes the password when prompted (or with self-service password reset); an admin can \
              set a new one in Entra admin center → Users → the user → Reset password. Then start again from the \
              NumlyEngage Sign on URL.",
        entra_page: Some(page::RESET_PASSWORD),
    },
    aadsts_code! {
        code: 50056,
        title: "Invalid or null password",
        meaning: "Invalid or null password: no password exists in the directory for this user; the user should \
                  enter the password again.",
        likely_cause: "The account has no usable password in Entra (for example a synced account whose password \
                       hash has not synchronised), or an empty password was submitted.",
        fix: "Let the user type the password again. If it keeps failing, set a password in Entra admin center → \
              Users → the user → Reset password, or check password hash synchronisation for a synced account.",
        entra_page: Some(page::RESET_PASSWORD),
    },
    aadsts_code! {
        code: 50057,
        title: "UserDisabled",
        meaning: "The user account is disabled.",
        likely_cause: "The user is blocked from signing in in Entra (or in on-premises Active Directory for a \
                       synced account).",
        fix: "Re-enable the account: Entra admin center → Users → the user → Edit properties → Settings → Account \
              enabled, or enable the account in on-premises Active Directory if it is synced.",
        entra_page: Some("Users → the user → Edit properties → Settings → Account enabled"),
    },
    aadsts_code! {
        code: 50058,
        title: "UserInformationNotProvided",
        meaning: "Session information is not sufficient for single sign-on: the user is not signed in, or the \
                  SSO session was not found or is invalid. Expected when a silent (passive) sign-in is attempted \
                  without a session.",
        likely_cause: "The request asked Entra to sign in silently (IsPassive=\"true\" in the AuthnRequest) while \
                       the user had no Entra session, or the browser blocked Entra's session cookies (private \
                       window, strict tracking prevention, sign-in inside a frame). Cognito normally sends an \
                       interactive request, so a passive one is worth checking (inferred).",
        fix: "Open the NumlyEngage Sign on URL in a normal top-level browser window and allow cookies for \
              login.microsoftonline.com. If the decoded AuthnRequest carries IsPassive=\"true\", send it to \
              NumlyEngage support; there is no Entra setting for it.",
        entra_page: None,
    },
    aadsts_code! {
        code: 50072,
        title: "UserStrongAuthEnrollmentRequiredInterrupt",
        meaning: "The user needs to enroll for second factor authentication (interactive).",
        likely_cause: "Conditional Access, security defaults or per-user MFA requires MFA and the user has not \
                       registered a method yet; the sign-in stops at the registration step.",
        fix: "Let the user complete registration at https://aka.ms/mysecurityinfo and retry. Admins can check the \
              requirement in Entra admin center → Protection → Conditional Access and the user's methods in \
              Users → the user → Authentication methods.",
        entra_page: Some("Users → the user → Authentication methods"),
    },
    aadsts_code! {
        code: 50074,
        title: "UserStrongAuthClientAuthNRequiredInterrupt",
        meaning: "Strong authentication is required and the user did not pass the MFA challenge.",
        likely_cause: "The MFA prompt was cancelled, timed out or failed (wrong code, denied push).",
        fix: "Retry and complete the MFA prompt. If the user's methods are wrong, reset them in Entra admin \
              center → Users → the user → Authentication methods → Require re-register multifactor \
              authentication; the Sign-in logs' Authentication details tab shows which step failed.",
        entra_page: Some("Users → the user → Authentication methods"),
    },
    aadsts_code! {
        code: 50076,
        title: "UserStrongAuthClientAuthNRequired",
        meaning: "Because of a configuration change made by the admin (such as a Conditional Access policy or \
                  per-user enforcement) or a new location, the user must use multifactor authentication.",
        likely_cause: "A Conditional Access policy covering NumlyEngage (or all cloud apps) requires MFA. Often \
                       logged as an interrupt that the user then completes; a hard failure means the user could \
                       not complete MFA.",
        fix: "Let the user complete MFA. If the requirement is unexpected, review the policies targeting \
              NumlyEngage in Entra admin center → Protection → Conditional Access → Policies, using the \
              Conditional Access tab of the sign-in in Monitoring & health → Sign-in logs.",
        entra_page: Some(page::CONDITIONAL_ACCESS_POLICIES),
    },
    aadsts_code! {
        code: 50079,
        title: "UserStrongAuthEnrollmentRequired",
        meaning: "Because of an admin configuration change or a new location, the user is required to use MFA: \
                  a managed user must register security info, a federated user must get the MFA claim from the \
                  federated identity provider.",
        likely_cause: "MFA became mandatory (Conditional Access, security defaults) and the user has not \
                       registered security info yet.",
        fix: "The user registers at https://aka.ms/mysecurityinfo and retries the NumlyEngage sign-in. Admins \
              can review the policy in Entra admin center → Protection → Conditional Access.",
        entra_page: Some(page::CONDITIONAL_ACCESS_POLICIES),
    },
    aadsts_code! {
        code: 50089,
        title: "Flow token expired",
        meaning: "Authentication failed because the flow token expired.",
        likely_cause: "The user left the Microsoft sign-in page open too long before finishing (for example an \
                       MFA prompt answered much later).",
        fix: "Start again from the NumlyEngage Sign on URL and complete the sign-in promptly. No configuration \
              change is needed; repeated cases are visible in Entra admin center → Monitoring & health → Sign-in \
              logs.",
        entra_page: None,
    },
    aadsts_code! {
        code: 50097,
        title: "DeviceAuthenticationRequired",
        meaning: "Device authentication is required.",
        likely_cause: "A Conditional Access policy covering NumlyEngage requires a known device (compliant or \
                       hybrid joined) and the browser could not prove the device identity, e.g. Chrome without \
                       the Microsoft Single Sign On extension, or an unmanaged device.",
        fix: "Use a managed device with a supported browser (Edge signed in with the work profile, or Chrome with \
              the Microsoft Single Sign On extension), or adjust the device conditions of the policy in Entra \
              admin center → Protection → Conditional Access → Policies.",
        entra_page: Some(page::CONDITIONAL_ACCESS_POLICIES),
    },
    aadsts_code! {
        code: 50105,
        title: "EntitlementGrantsNotFound",
        meaning: "The signed-in user is not assigned to a role for the application. Entra's message reads \
                  \"Your administrator has configured the application ... to block users unless they are \
                  specifically granted ('assigned') access to the application\". Not to be confused with 50107, \
                  which is about a federation realm, not about assignment.",
        likely_cause: "'Assignment required?' is Yes on the NumlyEngage enterprise application and this user is \
                       neither assigned directly nor a direct member of an assigned group (nested groups do not \
                       count).",
        fix: "Entra admin center → Enterprise applications → NumlyEngage → Users and groups → Add user/group: \
              assign the user or a group they are a direct member of. Alternatively set Properties → Assignment \
              required? to No. (Remember the user must also exist in NumlyEngage.)",
        entra_page: Some("Enterprise applications → NumlyEngage → Users and groups"),
    },
    aadsts_code! {
        code: 50107,
        title: "InvalidRealmUri",
        meaning: "The requested federation realm object does not exist. Unlike 50105 (user not assigned to the \
                  application), 50107 is about a federation trust with another identity provider.",
        likely_cause: "Not a NumlyEngage application setting. The user signs in through another identity \
                       provider (a federated domain using AD FS or a third party, or a guest from a SAML/WS-Fed \
                       partner) and the Issuer that provider sends does not match the Issuer URI configured in \
                       Entra; the URL in the message is the Issuer received.",
        fix: "In Entra admin center → External Identities → All identity providers → the SAML/WS-Fed provider → \
              Issuer URI, enter the saml:Issuer value that provider sends (or fix the provider); for a federated \
              domain, correct the domain's federation IssuerUri. Nothing changes on the NumlyEngage application.",
        entra_page: Some("External Identities → All identity providers → the provider → Issuer URI"),
    },
    aadsts_code! {
        code: 50126,
        title: "InvalidUserNameOrPassword",
        meaning: "Error validating credentials due to an invalid username or password.",
        likely_cause: "The user typed a wrong password (or a wrong user name); independent of NumlyEngage.",
        fix: "Retype the credentials, or reset the password with self-service reset or in Entra admin center → \
              Users → the user → Reset password.",
        entra_page: Some(page::RESET_PASSWORD),
    },
    aadsts_code! {
        code: 50131,
        title: "ConditionalAccessFailed",
        meaning: "Various Conditional Access errors such as bad Windows device state, a request blocked for \
                  suspicious activity, or an access or security policy decision.",
        likely_cause: "A Conditional Access policy that applies to NumlyEngage (or all cloud apps) failed for \
                       this sign-in.",
        fix: "Open the attempt in Entra admin center → Monitoring & health → Sign-in logs → Conditional Access \
              tab to see the policy and failing condition, then adjust it in Protection → Conditional Access → \
              Policies or satisfy the condition.",
        entra_page: Some(page::CONDITIONAL_ACCESS_POLICIES),
    },
    aadsts_code! {
        code: 50133,
        title: "SsoArtifactRevoked",
        meaning: "The session is not valid because of password expiration or a recent password change.",
        likely_cause: "The user changed (or an admin reset) the password, which revoked the existing Entra \
                       session.",
        fix: "Sign in again with the new password, starting from the NumlyEngage Sign on URL. No configuration \
              change is needed.",
        entra_page: None,
    },
    aadsts_code! {
        code: 50140,
        title: "KmsiInterrupt",
        meaning: "The \"Keep me signed in\" prompt interrupted the sign-in; an expected part of the flow.",
        likely_cause: "Normal: the user was asked whether to stay signed in. It shows as a failure in the sign-in \
                       logs but does not block NumlyEngage.",
        fix: "No fix needed; look for the next sign-in attempt in Entra admin center → Monitoring & health → \
              Sign-in logs for the real outcome.",
        entra_page: Some(page::SIGN_IN_LOGS),
    },
    aadsts_code! {
        code: 50146,
        title: "MissingCustomSigningKey",
        meaning: "The application must be configured with an application-specific signing key, which is not \
                  configured, has expired or is not yet valid.",
        likely_cause: "The NumlyEngage SAML signing certificate in Entra expired or the active one is not yet \
                       valid.",
        fix: "In Enterprise applications → NumlyEngage → Single sign-on → SAML Certificates, create a new \
              certificate and make it Active, then send the App Federation Metadata URL to NumlyEngage support so \
              Cognito trusts the new certificate (Cognito re-reads metadata only from a URL, not from an uploaded \
              file).",
        entra_page: Some(page::SAML_CERTIFICATES),
    },
    aadsts_code! {
        code: 50158,
        title: "ExternalSecurityChallenge",
        meaning: "An external security challenge was not satisfied.",
        likely_cause: "A Conditional Access custom control or an external authentication method (third-party \
                       MFA) was required for this sign-in and was not completed.",
        fix: "Complete the external challenge. If it cannot be completed, check the custom controls and \
              external authentication methods in Entra admin center → Protection → Conditional Access and \
              Protection → Authentication methods.",
        entra_page: Some(page::CONDITIONAL_ACCESS_POLICIES),
    },
    aadsts_code! {
        code: 51004,
        title: "UserAccountNotInDirectory",
        meaning: "The user account does not exist in the directory; the application may have chosen the wrong \
                  tenant, or the user should be added as a guest.",
        likely_cause: "The account signing in is not in the tenant that holds the NumlyEngage application.",
        fix: "Sign in with an account of your tenant, or invite the person in Entra admin center → Users → All \
              users → New user → Invite external user and assign them to NumlyEngage.",
        entra_page: Some("Users → All users"),
    },
    aadsts_code! {
        code: 53000,
        title: "DeviceNotCompliant",
        meaning: "A Conditional Access policy requires a compliant device and the device is not compliant.",
        likely_cause: "The user signs in to NumlyEngage from an unmanaged or non-compliant device while a policy \
                       covering NumlyEngage requires compliance.",
        fix: "Enrol the device in Intune (or the approved MDM) and make it compliant, or change the policy in \
              Entra admin center → Protection → Conditional Access → Policies.",
        entra_page: Some(page::CONDITIONAL_ACCESS_POLICIES),
    },
    aadsts_code! {
        code: 53001,
        title: "DeviceNotDomainJoined",
        meaning: "A Conditional Access policy requires a domain-joined device and the device is not domain \
                  joined.",
        likely_cause: "A policy covering NumlyEngage requires a hybrid-joined device and the user is on another \
                       device.",
        fix: "Use a domain-joined device, or change the policy in Entra admin center → Protection → Conditional \
              Access → Policies.",
        entra_page: Some(page::CONDITIONAL_ACCESS_POLICIES),
    },
    aadsts_code! {
        code: 53003,
        title: "BlockedByConditionalAccess",
        meaning: "Access has been blocked by Conditional Access policies; the policy does not allow token \
                  issuance.",
        likely_cause: "A Conditional Access policy with a Block grant (location, platform, risk, client app) \
                       applies to NumlyEngage or to all cloud apps for this user.",
        fix: "Open the attempt in Entra admin center → Monitoring & health → Sign-in logs → Conditional Access \
              tab to see which policy blocked it, then adjust that policy in Protection → Conditional Access → \
              Policies (Target resources: NumlyEngage) or sign in from an allowed context.",
        entra_page: Some(page::CONDITIONAL_ACCESS_POLICIES),
    },
    aadsts_code! {
        code: 65005,
        title: "MisconfiguredApplication",
        meaning: "The application is misconfigured. Microsoft notes that for a SAML application this usually \
                  means the Identifier (Entity ID) is wrong.",
        likely_cause: "The Issuer Cognito sends (urn:amazon:cognito:sp:<user-pool-id>) does not match the \
                       Identifier (Entity ID) configured on the NumlyEngage enterprise application.",
        fix: "Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML \
              Configuration → Identifier (Entity ID) = urn:amazon:cognito:sp:<user-pool-id>, exactly the Issuer \
              of the decoded AuthnRequest, marked Default.",
        entra_page: Some(page::BASIC_SAML_IDENTIFIER),
    },
    aadsts_code! {
        code: 70001,
        title: "UnauthorizedClient",
        meaning: "The application is disabled or was not found in the directory. For SAML sign-ins Microsoft's \
                  article reads 'Application with Identifier was not found in the directory': the Issuer of the \
                  request does not match the Identifier.",
        likely_cause: "The Issuer urn:amazon:cognito:sp:<user-pool-id> matches no application in your tenant \
                       (Identifier typo or trailing slash), or the NumlyEngage application is disabled.",
        fix: "Set Enterprise applications → NumlyEngage → Single sign-on → Basic SAML Configuration → Identifier \
              (Entity ID) to the Issuer shown in the error, exactly; and check Properties → Enabled for users to \
              sign-in? is Yes.",
        entra_page: Some(page::BASIC_SAML_IDENTIFIER),
    },
    aadsts_code! {
        code: 75001,
        title: "BindingSerializationError",
        meaning: "An error occurred during SAML message binding.",
        likely_cause: "Entra could not read the SAMLRequest as encoded (bad Base64, DEFLATE or URL encoding), \
                       often because the sign-in URL was copied, truncated or edited (inferred).",
        fix: "Start again from the NumlyEngage Sign on URL instead of a bookmarked Microsoft sign-in URL. If a \
              fresh sign-in still fails, send the full sign-in URL (with its SAMLRequest) to NumlyEngage support.",
        entra_page: None,
    },
    aadsts_code! {
        code: 75003,
        title: "UnsupportedBindingError",
        meaning: "The application asked for an unsupported binding: a SAML protocol response can only be sent \
                  with HTTP POST.",
        likely_cause: "The AuthnRequest's ProtocolBinding asks for a response binding other than HTTP-POST. \
                       Cognito's ACS endpoint takes HTTP-POST, so this points at a modified or non-Cognito \
                       request (inferred).",
        fix: "Decode the SAMLRequest with sso-doctor and send it to NumlyEngage support; no Entra setting \
              changes the response binding.",
        entra_page: None,
    },
    aadsts_code! {
        code: 75005,
        title: "Saml2MessageInvalid",
        meaning: "Entra does not support the SAML request sent by the application for single sign-on (common \
                  reasons: missing required fields, wrong encoding).",
        likely_cause: "The AuthnRequest that reached Entra is not a valid SAML 2.0 request: truncated or edited \
                       sign-in URL, or a request that does not follow Entra's SAML protocol requirements.",
        fix: "Decode the SAMLRequest with sso-doctor. If it came straight from the NumlyEngage Sign on URL, send \
              the decoded request to NumlyEngage support together with Microsoft's 'Single sign-on SAML \
              protocol' requirements; nothing is configured on the Entra side for this.",
        entra_page: None,
    },
    aadsts_code! {
        code: 75006,
        title: "Error processing a SAML2 authentication request",
        meaning: "An error occurred while processing a SAML2 authentication request. Seen in Microsoft's SAML \
                  protocol documentation as the outer code of a SAML error response; a second AADSTS code in \
                  the same message names the actual problem.",
        likely_cause: "See the inner AADSTS code that follows in the same StatusMessage.",
        fix: "Look up the second AADSTS code in the message (sso-doctor lists it separately) and apply its fix; \
              if there is none, send the decoded AuthnRequest and the full message to NumlyEngage support.",
        entra_page: None,
    },
    aadsts_code! {
        code: 75008,
        title: "RequestDeniedError",
        meaning: "The request from the application was denied because the SAML request had an unexpected \
                  destination.",
        likely_cause: "The Destination of Cognito's AuthnRequest is not the SAML endpoint that received it, \
                       typically because the Cognito identity provider was set up with another tenant's (or an \
                       edited) Entra metadata (inferred).",
        fix: "Compare the Destination in the decoded AuthnRequest with the Login URL shown in Enterprise \
              applications → NumlyEngage → Single sign-on → Set up NumlyEngage \
              (https://login.microsoftonline.com/<tenant-id>/saml2). If they differ, send the App Federation \
              Metadata URL to NumlyEngage support so they re-import your tenant's metadata.",
        entra_page: Some(page::SAML_CERTIFICATES),
    },
    aadsts_code! {
        code: 75011,
        title: "NoMatchedAuthnContextInOutputClaims",
        meaning: "The authentication method by which the user authenticated with the service does not match the \
                  requested authentication method (RequestedAuthnContext / AuthnContextClassRef).",
        likely_cause: "The AuthnRequest carries a RequestedAuthnContext (for example PasswordProtectedTransport) \
                       while the user's existing Entra session was established another way (Windows integrated \
                       auth, federated IdP, certificate or MFA). Cognito does not normally request an \
                       authentication context, so check the decoded request (inferred).",
        fix: "Decode the AuthnRequest. If it contains RequestedAuthnContext, ask NumlyEngage support to remove it \
              or to send ForceAuthn=\"true\" so Entra authenticates afresh; Entra has no setting to relax the \
              match. As a workaround the user can sign out of Microsoft and sign in again with a password.",
        entra_page: None,
    },
    aadsts_code! {
        code: 75016,
        title: "Saml2AuthenticationRequestInvalidNameIDPolicy",
        meaning: "The SAML2 authentication request has an invalid NameIDPolicy. Entra accepts only the persistent, \
                  emailAddress, unspecified and transient Format values.",
        likely_cause: "The NameIDPolicy Format in the AuthnRequest is one Entra rejects (for example \
                       X509SubjectName or an entity format). The NameID format configured in Entra cannot change \
                       what the request asks for.",
        fix: "Decode the AuthnRequest and send it to NumlyEngage support: the NameIDPolicy Format must be \
              persistent, emailAddress, unspecified or transient. No Entra setting accepts other formats.",
        entra_page: None,
    },
    aadsts_code! {
        code: 76021,
        title: "ApplicationRequiresSignedRequests",
        meaning: "The request sent by the client is not signed while the application requires signed requests \
                  (or the signature is not where the binding puts it).",
        likely_cause: "'Require verification certificates' is on for NumlyEngage in Entra, but Cognito sends \
                       unsigned AuthnRequests unless request signing is enabled on its SAML identity provider.",
        fix: "Either turn off Enterprise applications → NumlyEngage → Single sign-on → SAML Certificates → \
              Verification certificates → Require verification certificates, or ask NumlyEngage support to \
              enable request signing and upload Cognito's signing certificate there.",
        entra_page: Some(page::SAML_VERIFICATION_CERTIFICATES),
    },
    aadsts_code! {
        code: 76026,
        title: "RequestIssueTimeExpired",
        meaning: "The IssueInstant of the SAML2 authentication request is expired.",
        likely_cause: "A stale AuthnRequest: the Microsoft sign-in URL (with its SAMLRequest) was bookmarked, \
                       reopened from history or left open for a long time. If a fresh request fails too, the \
                       clock that stamped IssueInstant is off (inferred).",
        fix: "Start again from the NumlyEngage Sign on URL and never bookmark the login.microsoftonline.com page. \
              If a fresh sign-in still fails, send the decoded AuthnRequest (its IssueInstant) and the time of \
              the attempt to NumlyEngage support.",
        entra_page: None,
    },
    aadsts_code! {
        code: 90002,
        title: "InvalidTenantName",
        meaning: "The tenant name was not found in the data store; the request went to a tenant that does not \
                  exist (wrong tenant ID, wrong cloud, or an unregistered domain).",
        likely_cause: "The SAML endpoint Cognito uses (https://login.microsoftonline.com/<tenant-id>/saml2, from \
                       the metadata NumlyEngage imported) names a wrong or deleted tenant.",
        fix: "Check the Tenant ID in Entra admin center → Overview and the Login URL in Enterprise applications → \
              NumlyEngage → Single sign-on; send the App Federation Metadata URL to NumlyEngage support so they \
              re-import the correct tenant's metadata.",
        entra_page: Some(page::SAML_CERTIFICATES),
    },
    aadsts_code! {
        code: 90011,
        title: "SAML authentication request property not supported",
        meaning: "A property of the SAML authentication request is not supported (Microsoft's SAML protocol \
                  documentation shows it for 'NameIdentifierPolicy/SPNameQualifier'); newer responses use \
                  900236 for the same problem.",
        likely_cause: "The AuthnRequest sets an element or attribute Entra does not support.",
        fix: "Decode the AuthnRequest and send it with the full message to NumlyEngage support; the named \
              property must be removed from the request. No Entra setting accepts it.",
        entra_page: None,
    },
    aadsts_code! {
        code: 90015,
        title: "QueryStringTooLong",
        meaning: "The query string is too long.",
        likely_cause: "The sign-in URL carrying the SAMLRequest (and RelayState) grew too long: a URL re-wrapped \
                       by a link scanner or proxy, or a very large RelayState (inferred).",
        fix: "Start from the plain NumlyEngage Sign on URL (not a rewritten e-mail link). If a fresh sign-in still \
              fails, send the full URL length and the decoded request to NumlyEngage support.",
        entra_page: None,
    },
    aadsts_code! {
        code: 90072,
        title: "PassThroughUserMfaError",
        meaning: "The external account the user signs in with does not exist in the tenant, so the user cannot \
                  satisfy the tenant's MFA requirements (also seen with a mismatched ImmutableID for synced \
                  users).",
        likely_cause: "A guest or external account that was never added to your tenant, or a synced user whose \
                       sourceAnchor no longer matches.",
        fix: "Invite the user in Entra admin center → Users → All users → New user → Invite external user (or \
              sign in with the tenant account); for synced users fix the ImmutableID mismatch in directory sync.",
        entra_page: Some(page::INVITE_EXTERNAL_USER),
    },
    aadsts_code! {
        code: 501_241,
        title: "Mandatory input missing from transformation",
        meaning: "A mandatory input is missing from a claims transformation. Entra returns this while building the \
                  SAML response when it cannot get the source attribute for the NameID (Unique User Identifier) \
                  claim.",
        likely_cause: "The Unique User Identifier (Name ID) claim uses a source attribute that is empty for this \
                       user (for example user.mail for a user without a mailbox, or an extension attribute).",
        fix: "In Enterprise applications → NumlyEngage → Single sign-on → Attributes & Claims → Unique User \
              Identifier (Name ID), pick a source attribute every user has, or fill the attribute for the user. \
              Changing the Name ID source changes the user's Cognito identity, so agree it with NumlyEngage \
              support first.",
        entra_page: Some(
            "Enterprise applications → NumlyEngage → Single sign-on → Attributes & Claims → Unique User Identifier (Name ID)",
        ),
    },
    aadsts_code! {
        code: 530_032,
        title: "BlockedByConditionalAccessOnSecurityPolicy",
        meaning: "The tenant admin configured a security policy that blocks this request.",
        likely_cause: "A tenant-level security policy (such as a Conditional Access or security default rule for \
                       risky or unsupported sign-ins) blocked the NumlyEngage sign-in.",
        fix: "Check the failed attempt in Entra admin center → Monitoring & health → Sign-in logs and the \
              tenant's policies in Protection → Conditional Access; sign in from a context the policy allows.",
        entra_page: Some(page::SIGN_IN_LOGS),
    },
    aadsts_code! {
        code: 650_056,
        title: "MisconfiguredApplication",
        meaning: "Misconfigured application. For a SAML flow Microsoft's troubleshooting article gives the cause \
                  as an Issuer in the SAMLRequest that is not valid (does not match the Identifier).",
        likely_cause: "The Issuer in Cognito's AuthnRequest (urn:amazon:cognito:sp:<user-pool-id>) is not an \
                       Identifier of the NumlyEngage enterprise application: a typo, another user pool's ID, or a \
                       different environment's pool.",
        fix: "Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML \
              Configuration → Identifier (Entity ID) = the Issuer of the decoded AuthnRequest \
              (urn:amazon:cognito:sp:<user-pool-id>). If that Issuer is not the user pool NumlyEngage gave you, \
              ask NumlyEngage support which one is right.",
        entra_page: Some(page::BASIC_SAML_IDENTIFIER),
    },
    aadsts_code! {
        code: 700_016,
        title: "UnauthorizedClient_DoesNotMatchRequest",
        meaning: "The application was not found in the directory/tenant: the identifier value is misconfigured \
                  for the application, or the authentication request was sent to the wrong tenant. The message \
                  reads \"Application with identifier '...' was not found in the directory '...'\".",
        likely_cause: "The Identifier (Entity ID) of the NumlyEngage application is not exactly \
                       urn:amazon:cognito:sp:<user-pool-id> as Cognito sends it in the Issuer, or Cognito was set up \
                       with another tenant's metadata so the request reaches a tenant without the application (the \
                       directory named in the message is not yours).",
        fix: "Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML \
              Configuration → Identifier (Entity ID) = the identifier quoted in the error \
              (urn:amazon:cognito:sp:<user-pool-id>), no trailing slash. If the directory in the message is not \
              your tenant, send your App Federation Metadata URL to NumlyEngage support.",
        entra_page: Some(page::BASIC_SAML_IDENTIFIER),
    },
    aadsts_code! {
        code: 700_054,
        title: "response_type 'id_token' not enabled",
        meaning: "response_type 'id_token' is not enabled for the application: an OpenID Connect request asked for \
                  an ID token and the app registration does not allow the implicit ID token grant.",
        likely_cause: "Not a SAML error: the sign-in went through an OpenID Connect app registration instead of \
                       the NumlyEngage SAML enterprise application (another app, or an OIDC setup attempt).",
        fix: "For NumlyEngage, use the SAML enterprise application (Single sign-on method SAML) and its Sign on \
              URL. Only if an OIDC registration is intended, enable ID tokens in App registrations → the app → \
              Authentication → Implicit grant and hybrid flows; otherwise ask NumlyEngage support which sign-in \
              URL to use.",
        entra_page: Some("App registrations → the app → Authentication"),
    },
    aadsts_code! {
        code: 700_082,
        title: "ExpiredOrRevokedGrantInactiveToken",
        meaning: "The refresh token has expired due to inactivity; an expected part of the token lifecycle.",
        likely_cause: "Not a SAML error: an OAuth client tried to refresh an old Entra refresh token. NumlyEngage \
                       sessions are Cognito tokens and never produce this code, so it comes from another \
                       application (inferred).",
        fix: "Sign in again interactively. For NumlyEngage, start from the Sign on URL; if a NumlyEngage page shows \
              this code, send the full message to NumlyEngage support.",
        entra_page: None,
    },
    aadsts_code! {
        code: 750_054,
        title: "SAMLRequest or SAMLResponse not present",
        meaning: "SAMLRequest or SAMLResponse must be present as query string parameters in the HTTP request for \
                  the SAML Redirect binding.",
        likely_cause: "The Entra SAML endpoint was opened without a SAMLRequest: Basic SAML Configuration → Sign \
                       on URL is set to the Microsoft Login URL (https://login.microsoftonline.com/<tenant-id>/saml2) \
                       instead of the NumlyEngage URL, or a user bookmarked the Microsoft sign-in page.",
        fix: "Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML \
              Configuration → Sign on URL = https://<SUBDOMAIN>.numly.io/registration?mail=<CUSTOM_IDENTIFIER>; \
              users start there (the integration is SP-initiated only).",
        entra_page: Some(
            "Enterprise applications → NumlyEngage → Single sign-on → Basic SAML Configuration → Sign on URL",
        ),
    },
    aadsts_code! {
        code: 900_236,
        title: "InvalidRequestSamlPropertyUnsupported",
        meaning: "A property of the SAML authentication request is not supported and must not be set (Entra \
                  rejects for example a Subject element, and ProxyCount, IDPList or RequesterID in Scoping).",
        likely_cause: "The AuthnRequest sets the property named in the message; this comes from the service \
                       provider side, not from an Entra setting.",
        fix: "Decode the AuthnRequest and send it with the full message to NumlyEngage support; the named property \
              must be removed from Cognito's request. Nothing can be changed in Entra.",
        entra_page: None,
    },
    aadsts_code! {
        code: 900_971,
        title: "No reply address provided",
        meaning: "No reply address provided.",
        likely_cause: "The NumlyEngage application has no Reply URL and the request did not name one, so Entra \
                       does not know where to post the SAML response (inferred from the message).",
        fix: "Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML \
              Configuration → Reply URL (Assertion Consumer Service URL) = \
              https://<domain>.auth.<region>.amazoncognito.com/saml2/idpresponse (as given by NumlyEngage).",
        entra_page: Some(page::BASIC_SAML_REPLY_URL),
    },
    aadsts_code! {
        code: 7_000_112,
        title: "UnauthorizedClientApplicationDisabled",
        meaning: "The application is disabled.",
        likely_cause: "'Enabled for users to sign-in?' is No on the NumlyEngage enterprise application.",
        fix: "Entra admin center → Enterprise applications → NumlyEngage → Properties → Enabled for users to \
              sign-in? = Yes, and save.",
        entra_page: Some("Enterprise applications → NumlyEngage → Properties → Enabled for users to sign-in?"),
    },
    aadsts_code! {
        code: 7_000_218,
        title: "client_assertion or client_secret required",
        meaning: "The request body must contain the 'client_assertion' or 'client_secret' parameter: a confidential \
                  OAuth client redeemed a code without credentials.",
        likely_cause: "Not a SAML error: it comes from an OAuth/OIDC client of your tenant, not from the \
                       NumlyEngage SAML sign-in (inferred).",
        fix: "Check which application failed in Entra admin center → Monitoring & health → Sign-in logs. If it is \
              shown on a NumlyEngage page, send the full message to NumlyEngage support.",
        entra_page: Some(page::SIGN_IN_LOGS),
    },
    aadsts_code! {
        code: 7_500_514,
        title: "Supported type of SAML response not found",
        meaning: "A supported type of SAML response was not found; supported are 'Response' (SAML 2.0 protocol \
                  namespace) or 'Assertion' (SAML 2.0 assertion namespace).",
        likely_cause: "Entra is reading a SAML token from another identity provider: the user's domain is \
                       federated (for example to PingFederate or AD FS) and that provider returned a response type \
                       Entra does not accept. NumlyEngage and Cognito are not involved.",
        fix: "Have the team running the federated identity provider of the user's domain (Entra admin center → \
              Settings → Domain names) correct its token type for Microsoft Entra ID; nothing changes on the \
              NumlyEngage application.",
        entra_page: Some("Settings → Domain names"),
    },
    aadsts_code! {
        code: 7_500_529,
        title: "Not a valid SAML ID",
        meaning: "The value is not a valid SAML ID. Entra uses the AuthnRequest ID for InResponseTo; an ID must \
                  not begin with a number.",
        likely_cause: "The ID attribute of the AuthnRequest starts with a digit or contains characters not \
                       allowed in an XML ID. Cognito's own request IDs are normally valid, so the request was \
                       probably altered or not produced by Cognito (inferred).",
        fix: "Decode the AuthnRequest and send it to NumlyEngage support: its ID must be a valid XML ID (for \
              example prefixed with a letter). No Entra setting changes this.",
        entra_page: None,
    },
];

const CODE_PREFIX: &str = "aadsts";
const MIN_CODE_DIGITS: usize = 5;
const MAX_CODE_DIGITS: usize = 7;
/// Longest error sentence kept, in characters.
const MAX_MESSAGE_CHARS: usize = 600;
/// Text that ends an Entra error sentence (searched case-insensitively in the lowercased text). Entra's own
/// format puts `\r\nTrace ID: ...` after the sentence; JSON bodies escape it as the two characters `\r`.
const SENTENCE_TERMINATORS: &[&str] =
    &["\r", "\n", "\\r", "\\n", "\"", "<", "trace id", "correlation id", "timestamp:"];
/// Characters that end a URL-encoded run.
const ENCODED_RUN_TERMINATORS: &[char] = &['&', '"', '\'', '<', '>', ' ', '\t', '\r', '\n'];
/// HTML entities decoded in a raw sentence (an `&` that starts one of these does not end the sentence).
const HTML_ENTITIES: &[(&str, &str)] =
    &[("&#39;", "'"), ("&#x27;", "'"), ("&apos;", "'"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")];

/// The Entra error sentence that starts at `start` (the `AADSTS` prefix), given the end of the code digits;
/// `None` when no separator and message follow the code.
fn error_sentence(text: &str, start: usize, code_end: usize) -> Option<String> {
    let after_code = text.get(code_end..)?;
    let code_len = code_end - start;
    let (sentence, body_start) = if is_encoded_separator(after_code) {
        let run_len = after_code.find(ENCODED_RUN_TERMINATORS).unwrap_or(after_code.len());
        let decoded = percent_decode(text.get(start..code_end + run_len)?, true);
        // `AADSTS<digits>` is ASCII and `%3A` decodes to the single byte `:`.
        let body_start = code_len + 1;
        (cut_sentence(&decoded, body_start), body_start)
    } else {
        let body_start = code_len + separator_length(after_code)?;
        (cut_raw_sentence(text.get(start..)?, body_start), body_start)
    };
    if sentence.get(body_start..).is_none_or(|body| body.trim().is_empty()) {
        return None;
    }
    Some(truncate_chars(sentence.trim_end(), MAX_MESSAGE_CHARS))
}

/// Length of the `:` (spaces before it allowed) or ` - ` right after the code, or `None` without one.
fn separator_length(after_code: &str) -> Option<usize> {
    let spaces = after_code.len() - after_code.trim_start_matches(' ').len();
    if after_code.get(spaces..)?.starts_with(':') {
        Some(spaces + 1)
    } else if after_code.starts_with(" - ") {
        Some(3)
    } else {
        None
    }
}

fn is_encoded_separator(after_code: &str) -> bool {
    after_code.get(..3).is_some_and(|prefix| prefix.eq_ignore_ascii_case("%3a"))
}

/// Cuts a sentence at the first terminator, or at the next `AADSTS` code, found after `body_start`.
fn cut_sentence(sentence: &str, body_start: usize) -> String {
    let lower = sentence.to_ascii_lowercase();
    let body = lower.get(body_start..).unwrap_or("");
    let end = SENTENCE_TERMINATORS
        .iter()
        .chain(std::iter::once(&CODE_PREFIX))
        .filter_map(|terminator| body.find(terminator))
        .min()
        .map_or(sentence.len(), |offset| body_start + offset);
    sentence.get(..end).unwrap_or(sentence).to_owned()
}

/// Cuts a raw (not URL-encoded) sentence like [`cut_sentence`]; in addition a bare `&` (a URL parameter
/// separator) ends it, while HTML entities such as `&#39;` are decoded.
fn cut_raw_sentence(text: &str, body_start: usize) -> String {
    let cut = cut_sentence(text, body_start);
    let mut sentence = String::with_capacity(cut.len());
    let mut rest = cut.as_str();
    while let Some(amp) = rest.find('&') {
        sentence.push_str(rest.get(..amp).unwrap_or(""));
        let tail = rest.get(amp..).unwrap_or("");
        let entity = HTML_ENTITIES
            .iter()
            .find(|(entity, _)| tail.get(..entity.len()).is_some_and(|prefix| prefix.eq_ignore_ascii_case(entity)));
        let Some((entity, replacement)) = entity else {
            return sentence;
        };
        sentence.push_str(replacement);
        rest = tail.get(entity.len()..).unwrap_or("");
    }
    sentence.push_str(rest);
    sentence
}

#[cfg(test)]
#[allow(clippy::expect_used)] // tests may panic: a missing entry or sentence is the failure being reported.
mod tests {
    use super::*;

    /// The codes the knowledge base must cover (the team's minimum list).
    const REQUIRED_CODES: &[u32] = &[
        50011, 700_016, 70001, 650_056, 65005, 50105, 75011, 750_054, 75005, 90015, 75016, 900_236, 76021, 76026,
        7_500_529, 75008, 501_241, 50107, 7_500_514, 50020, 50034, 50053, 50055, 50056, 50057, 50058, 50076, 50079,
        50126, 50158, 53003, 530_032, 700_054, 50000, 16000, 90072, 50072, 50074, 50097, 53000, 53001, 700_082,
        7_000_218,
    ];

    /// A fix must point somewhere concrete: an Entra page or field, or an action for NumlyEngage support.
    const CONCRETE_FIX_MARKERS: &[&str] = &[
        "Enterprise applications →",
        "NumlyEngage support",
        "Users →",
        "Protection →",
        "Monitoring & health → Sign-in logs",
        "External Identities →",
        "App registrations →",
        "aka.ms/mysecurityinfo",
        "Sign on URL",
        "Settings → Domain names",
    ];

    #[test]
    fn every_required_code_is_present() {
        let missing: Vec<u32> = REQUIRED_CODES.iter().copied().filter(|code| lookup(*code).is_none()).collect();
        assert!(missing.is_empty(), "missing AADSTS codes: {missing:?}");
    }

    #[test]
    fn codes_are_unique_and_sorted() {
        for pair in AADSTS_CODES.windows(2) {
            assert!(pair[0].code < pair[1].code, "out of order or duplicated: {} then {}", pair[0].code, pair[1].code);
        }
    }

    #[test]
    fn every_entry_is_complete_and_concrete() {
        for entry in AADSTS_CODES {
            let digits = entry.code.to_string().len();
            assert!((MIN_CODE_DIGITS..=MAX_CODE_DIGITS).contains(&digits), "{}: bad code length", entry.code);
            for (field, value) in [
                ("title", entry.title),
                ("meaning", entry.meaning),
                ("likely_cause", entry.likely_cause),
                ("fix", entry.fix),
            ] {
                assert!(!value.trim().is_empty(), "{}: empty {field}", entry.code);
                assert!(!value.contains("  "), "{}: double space in {field}", entry.code);
            }
            assert!(
                CONCRETE_FIX_MARKERS.iter().any(|marker| entry.fix.contains(marker)),
                "{}: fix names no Entra page/field or NumlyEngage support action: {}",
                entry.code,
                entry.fix
            );
            if let Some(page) = entry.entra_page {
                assert!(!page.trim().is_empty() && !page.contains("  "), "{}: bad entra_page", entry.code);
            }
        }
    }

    #[test]
    fn key_entries_name_the_cognito_values() {
        let reply = lookup(50011).expect("50011");
        assert!(reply.likely_cause.contains("/saml2/idpresponse"));
        assert!(reply.fix.contains("Reply URL (Assertion Consumer Service URL)"));
        let identifier = lookup(700_016).expect("700016");
        assert!(identifier.fix.contains("urn:amazon:cognito:sp:<user-pool-id>"));
        assert!(lookup(50105).expect("50105").fix.contains("Users and groups"));
        assert!(lookup(75011).expect("75011").meaning.contains("RequestedAuthnContext"));
        assert!(lookup(50107).expect("50107").meaning.contains("50105"));
        assert!(lookup(12345).is_none());
    }

    #[test]
    fn error_lookup_url_names_the_code() {
        assert_eq!(error_lookup_url(50058), "https://login.microsoftonline.com/error?code=50058");
    }

    #[test]
    fn finds_code_and_sentence_on_an_entra_error_page() {
        let page = "Sign in\r\nSorry, but we're having trouble signing you in.\r\n\r\n\
                    AADSTS50011: The redirect URI 'https://numly-prod.auth.eu-west-1.amazoncognito.com/saml2/idpresponse' \
                    specified in the request does not match the redirect URIs configured for the application \
                    '0d4f1c8e-1111-2222-3333-444455556666'. Make sure the redirect URI sent in the request matches one \
                    added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError \
                    to learn more about how to fix this.\r\nTrace ID: 1a2b3c4d-0000-1111-2222-333344445555\r\n\
                    Correlation ID: 9f8e7d6c-5555-4444-3333-222211110000\r\nTimestamp: 2024-05-02 10:11:12Z";
        let mentions = find_codes(page);
        assert_eq!(mentions.len(), 1);
        let mention = &mentions[0];
        assert_eq!(mention.code, 50011);
        assert_eq!(page.get(mention.span.clone()), Some("AADSTS50011"));
        let message = mention.message.as_deref().expect("sentence");
        assert!(message.starts_with("AADSTS50011: The redirect URI 'https://numly-prod.auth.eu-west-1"));
        assert!(message.ends_with("to learn more about how to fix this."));
        assert!(!message.contains("Trace ID"));
    }

    #[test]
    fn finds_code_in_a_url_encoded_redirect() {
        let url = "https://acme.numly.io/callback?error=invalid_request&error_description=AADSTS700016%3a+\
                   Application+with+identifier+%27urn%3aamazon%3acognito%3asp%3aeu-west-1_AbC123%27+was+not+found+\
                   in+the+directory+%27Contoso%27.%0d%0aTrace+ID%3a+abc%0d%0a&state=xyz";
        let mentions = find_codes(url);
        assert_eq!(mentions.len(), 1);
        assert_eq!(mentions[0].code, 700_016);
        assert_eq!(url.get(mentions[0].span.clone()), Some("AADSTS700016"));
        assert_eq!(
            mentions[0].message.as_deref(),
            Some(
                "AADSTS700016: Application with identifier 'urn:amazon:cognito:sp:eu-west-1_AbC123' was not \
                 found in the directory 'Contoso'."
            )
        );
    }

    #[test]
    fn finds_two_codes_in_mixed_text_and_keeps_first_position() {
        let text = "first try: aadsts50105: Your administrator has configured the application NumlyEngage \
                    (&#39;0d4f&#39;) to block users unless they are specifically granted (&#39;assigned&#39;) access \
                    to the application.\nthen AADSTS75006: An error occurred while processing a SAML2 Authentication \
                    request. AADSTS90011: The SAML authentication request property 'NameIdentifierPolicy/SPNameQualifier' \
                    is not supported.\nand again AADSTS50105 (same code, reported once)";
        let mentions = find_codes(text);
        let codes: Vec<u32> = mentions.iter().map(|mention| mention.code).collect();
        assert_eq!(codes, [50105, 75006, 90011]);
        assert_eq!(text.get(mentions[0].span.clone()), Some("aadsts50105"));
        let first = mentions[0].message.as_deref().expect("sentence");
        assert!(first.contains("NumlyEngage ('0d4f') to block users"), "{first}");
        assert!(first.ends_with("access to the application."), "{first}");
        assert_eq!(
            mentions[1].message.as_deref(),
            Some("AADSTS75006: An error occurred while processing a SAML2 Authentication request.")
        );
        assert!(mentions[2].message.as_deref().expect("sentence").ends_with("is not supported."));
    }

    #[test]
    fn sentence_stops_at_json_escapes_and_url_separators() {
        let json = r#"{"error":"invalid_request","error_description":"AADSTS90015: Requested query string is too long.\r\nTrace ID: x","error_codes":[90015]}"#;
        let mentions = find_codes(json);
        assert_eq!(mentions.len(), 1);
        assert_eq!(mentions[0].message.as_deref(), Some("AADSTS90015: Requested query string is too long."));

        let query = "x?code=AADSTS76026: Request is expired&state=abc";
        assert_eq!(find_codes(query)[0].message.as_deref(), Some("AADSTS76026: Request is expired"));
    }

    #[test]
    fn bare_codes_have_no_sentence_and_long_digit_runs_are_not_codes() {
        let text = "see AADSTS50058 in the log; AADSTS123 and AADSTS123456789 are not codes; AADSTS1234567.";
        let mentions = find_codes(text);
        let codes: Vec<u32> = mentions.iter().map(|mention| mention.code).collect();
        assert_eq!(codes, [50058, 1_234_567]);
        assert!(mentions.iter().all(|mention| mention.message.is_none()));
        assert!(lookup(1_234_567).is_none());
    }

    #[test]
    fn separator_with_dash_is_accepted() {
        let text = "Error AADSTS75005 - The request isn't a valid Saml2 protocol message.";
        assert_eq!(
            find_codes(text)[0].message.as_deref(),
            Some("AADSTS75005 - The request isn't a valid Saml2 protocol message.")
        );
    }

    #[test]
    fn tricky_input_never_panics() {
        let tricky = [
            "",
            "AADSTS",
            "AADSTS5",
            "AADSTS50011",
            "AADSTS50011:",
            "AADSTS50011%",
            "AADSTS50011%3",
            "AADSTS50011%3a",
            "AADSTS50011%3a%",
            "AADSTS50011%3a%e",
            "AADSTS50011%3a%E2%82",
            "AADSTS50011: é",
            "é AADSTS50011: 日本語のメッセージ 🙂 &",
            "AADSTS50011 - ",
            "AADSTS50011 -",
            "aadsts50011:&#3",
            "AADSTS50011: &amp",
            "🙂AADSTS🙂50011🙂",
            "AADSTS99999999999999999999",
            "%%%%AADSTS50011%3A%%%",
            "AADSTS50011: \\",
            "AADSTS50011:\u{0}\u{FFFF}",
        ];
        for text in tricky {
            let mentions = find_codes(text);
            for mention in &mentions {
                assert!(text.get(mention.span.clone()).is_some(), "span not on char boundaries in {text:?}");
            }
        }
        assert_eq!(
            find_codes("é AADSTS50011: 日本語のメッセージ 🙂 &")[0].message.as_deref(),
            Some("AADSTS50011: 日本語のメッセージ 🙂")
        );
    }
}
