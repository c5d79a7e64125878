#!/usr/bin/env python3
"""Walks Lango's customer pages in a real browser: headless Chromium driven through Selenium
(chromedriver), with JavaScript on or off, so the end-to-end tests see the pages as a customer's
browser does — forms, redirects, cookies and all.

Reads one JSON request on stdin and prints one JSON answer on stdout. Any failure — a page
that does not come, an element that is missing or hidden, a redirect that is wrong — ends the
run with status 1 and a message on stderr saying which step failed and what the browser showed.

  {"op": "check"}
      -> {"chromium": path, "chromedriver": path, "selenium": version, "missing": [...]}: what
         this machine has for the other operations (never fails; names what is missing)
  {"op": "code_flow", "base": URL, "client_id": ID, "client_secret": S, "redirect_uri": U,
   "scope": "openid ...", "customer": C, "password": P, "javascript": bool,
   "app_name": NAME (optional), "screenshots": DIR (optional)}
      -> the authorization code flow through the customer pages: a PKCE (S256) authorization
         URL with state and nonce opened in the browser; the login page, first with a wrong
         password (its notice must show), then the right one; the one-time code the sandbox
         shows on the page typed in; the decision page (the app's name and each scope's
         description in plain words must be visible); Allow; the browser's redirect to
         `redirect_uri` (state and iss checked); the code exchanged at the token endpoint with
         client_secret_basic and the code verifier. Answers what each step showed.
  {"op": "deny", ... the same fields}
      -> the same up to the decision page, then Deny: the redirect must carry
         error=access_denied with the state and iss.
  {"op": "consent_journey", ... the same fields, "consent": OBReadConsent1 body}
      -> a partner's OBIE account-access journey and the customer withdrawing it: a
         client-credentials token and the consent created with it (over HTTP, as the partner's
         server does); the authorization URL with the consent id in `claims` opened in the
         browser; login and one-time code; the consent page (app, environment, each permission
         in plain words, the duration, the accounts to tick — with script, "Select all" must
         show and tick them all; without, it must stay hidden and the first account is ticked);
         Allow; the code exchanged; the accounts read with the token; then the customer's
         consents page opened in the same browser, signed in again, the consent's Withdraw
         clicked, its status read, and the token tried once more.

`javascript` false runs Chromium with script disabled for every site, and the run first proves
it: a probe page whose script would write into it must stay empty (WebDriver's own
execute_script still works with script disabled, so it cannot tell). With `javascript` true the
probe must show that script ran.

`redirect_uri` need not be served: the browser's address is read once it points there (Chromium
reports the address it was sent to even when nothing answers, or when it refuses the port).

`screenshots`, when given, is a directory that gets a PNG of each page (01-login.png, …), and
on failure failure.png and failure.html.

To add an operation (a consent journey, a dashboard): write a function taking (browser,
request) that drives `Browser` and returns a dict, reuse `authorize` / `log_in_to_decision`
for the common start, and name it in OPERATIONS.
"""
import base64
import hashlib
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import traceback
from urllib.parse import parse_qs, quote, urlencode, urlsplit

WAIT_SECONDS = 30
PAGE_LOAD_SECONDS = 60


class JourneyError(Exception):
    """A step that did not go as the journey expects; the message says which and what was seen."""


def check(_request):
    """What the browser operations need, and which of it this machine lacks."""
    answer = {"chromium": shutil.which("chromium"), "chromedriver": shutil.which("chromedriver"), "selenium": None}
    try:
        import selenium

        answer["selenium"] = selenium.__version__
    except ImportError:
        pass
    names = {"chromium": "chromium (apt: chromium)", "chromedriver": "chromedriver (apt: chromium-driver)",
             "selenium": "selenium (pip: selenium)"}
    answer["missing"] = [names[key] for key in ("chromium", "chromedriver", "selenium") if not answer[key]]
    return answer


class Browser:
    """One headless Chromium with a fresh profile, and the few moves the journeys make with it.

    Every wait is explicit (WebDriverWait, WAIT_SECONDS), never a sleep."""

    def __init__(self, javascript, screenshots=None):
        missing = check({})["missing"]
        if missing:
            raise JourneyError("cannot start the browser, missing: " + ", ".join(missing) + " (./scripts/setup installs them)")
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service

        self.javascript = javascript
        self.screenshots = screenshots
        self.shots = 0
        self.profile = tempfile.mkdtemp(prefix="lango-chromium-")
        options = Options()
        options.binary_location = shutil.which("chromium")
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--user-data-dir=" + self.profile,
                         "--window-size=1024,900", "--no-first-run", "--disable-extensions"):
            options.add_argument(argument)
        if not javascript:
            options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
        # An explicit driver path: Selenium Manager is not asked to find (or download) anything.
        service = Service(executable_path=shutil.which("chromedriver"))
        try:
            self.driver = webdriver.Chrome(service=service, options=options)
        except Exception:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise
        self.driver.set_page_load_timeout(PAGE_LOAD_SECONDS)
        if screenshots:
            os.makedirs(screenshots, exist_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        if error is not None:
            self.keep_failure()
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)
        return False

    # --- what the browser shows ---------------------------------------------------------------

    def by_id(self, element_id):
        from selenium.webdriver.common.by import By

        found = self.driver.find_elements(By.ID, element_id)
        return found[0] if found else None

    def css(self, selector):
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def visible_text(self, element_id, step):
        """The text of the element, which must be there and displayed."""
        element = self.by_id(element_id)
        if element is None or not element.is_displayed():
            raise JourneyError(f"{step}: no visible #{element_id} on {self.where()}")
        return element.text.strip()

    def where(self):
        """The page as a failure message names it: address, title and heading."""
        from selenium.common.exceptions import WebDriverException

        try:
            heading = self.css("h1")
            return f"{self.driver.current_url} (title {self.driver.title!r}, heading {heading[0].text if heading else None!r})"
        except WebDriverException as error:
            return f"(the page cannot be read: {error.msg})"

    def shot(self, name):
        """A screenshot of the page, when screenshots were asked for."""
        if self.screenshots:
            self.shots += 1
            self.driver.save_screenshot(os.path.join(self.screenshots, f"{self.shots:02d}-{name}.png"))

    def keep_failure(self):
        if not self.screenshots:
            return
        try:
            self.driver.save_screenshot(os.path.join(self.screenshots, "failure.png"))
            with open(os.path.join(self.screenshots, "failure.html"), "w", encoding="utf-8") as file:
                file.write(self.driver.page_source)
        except Exception:  # the failure being reported matters more than its picture
            pass

    # --- moves ---------------------------------------------------------------------------------

    def wait(self, condition, step, what):
        from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            # A page that is being replaced while the condition looks at it is looked at again.
            return WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=(StaleElementReferenceException,)).until(condition)
        except TimeoutException:
            console = self.console()
            said = "; the browser's console says: " + " | ".join(console) if console else ""
            raise JourneyError(f"{step}: waited {WAIT_SECONDS} s for {what}; the browser is at {self.where()}{said}") from None

    def console(self):
        """What the browser logged as errors since last asked (a blocked form post says why here)."""
        try:
            return [entry["message"].strip() for entry in self.driver.get_log("browser") if entry.get("level") == "SEVERE"]
        except Exception:  # a driver without the log: the failure message does without it
            return []

    def open(self, url):
        self.driver.get(url)

    def page(self, element_id, step):
        """Waits for the page that has #element_id; the gateway's error page (#error) fails the step."""
        found = self.wait(lambda _: self.by_id(element_id) or self.by_id("error"), step, f"a page with #{element_id}")
        if found.get_attribute("id") == "error" and element_id != "error":
            raise JourneyError(
                f"{step}: the gateway showed its error page ({found.get_attribute('data-error')}: {found.text.strip()}) at {self.where()}")
        self.shot(step)
        return found

    def type(self, element_id, text, step):
        element = self.by_id(element_id)
        if element is None or not element.is_displayed() or not element.is_enabled():
            raise JourneyError(f"{step}: no field #{element_id} to type into on {self.where()}")
        element.clear()
        element.send_keys(text)

    def click(self, selector, step):
        """Clicks the (one) visible element matching `selector` and waits until its page is gone."""
        from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

        targets = [element for element in self.css(selector) if element.is_displayed()]
        if len(targets) != 1:
            raise JourneyError(f"{step}: expected one visible {selector}, found {len(targets)} on {self.where()}")
        current = self.css("html")[0]
        targets[0].click()

        def left(_):
            try:
                current.is_enabled()
                return False
            except StaleElementReferenceException:
                return True
            except WebDriverException as error:
                # Chromium sometimes reports the replaced page's element this way rather than as stale.
                if "does not belong to the document" in str(error):
                    return True
                raise

        self.wait(left, step, f"the page to be left after clicking {selector}")

    def redirected_to(self, redirect_uri, step):
        """Waits until the browser has been sent to redirect_uri; returns its query, one value a name."""
        self.wait(lambda driver: driver.current_url.startswith(redirect_uri), step, f"the redirect to {redirect_uri}")
        url = self.driver.current_url
        base, _, query = url.partition("?")
        if base != redirect_uri:
            raise JourneyError(f"{step}: redirected to {url}, not to {redirect_uri}")
        parameters = parse_qs(query, keep_blank_values=True)
        repeated = [name for name, values in parameters.items() if len(values) > 1]
        if repeated:
            raise JourneyError(f"{step}: the redirect repeats {repeated}: {url}")
        return {name: values[0] for name, values in parameters.items()}

    def verify_javascript(self):
        """Proves script runs (or does not) in pages: a probe page's own script fills an element.

        WebDriver's execute_script is not a test of this — it still works when pages may not run
        script — so the proof is what the page's script did to the page."""
        probe = ('<!doctype html><title>probe</title><p id="probe">no script</p>'
                 '<script>document.getElementById("probe").textContent = "script ran";</script>')
        self.open("data:text/html;charset=utf-8," + quote(probe))
        text = self.wait(lambda _: self.by_id("probe"), "javascript probe", "the probe page").text.strip()
        ran = text == "script ran"
        if ran != self.javascript:
            raise JourneyError(f"javascript probe: JavaScript should be {'on' if self.javascript else 'off'}, "
                               f"but the probe page says {text!r}")
        return ran


# --- the authorization code flow -----------------------------------------------------------------


def base64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def get_json(url):
    import requests

    response = requests.get(url, timeout=WAIT_SECONDS)
    if response.status_code != 200:
        raise JourneyError(f"GET {url}: {response.status_code} {response.text[:300]}")
    return response.json()


def authorize(request):
    """A fresh authorization request: PKCE (S256), state and nonce, and its URL at the gateway."""
    metadata = get_json(request["base"].rstrip("/") + "/.well-known/openid-configuration")
    verifier = base64url(secrets.token_bytes(48))  # 64 characters, RFC 7636's unreserved set
    state = base64url(secrets.token_bytes(16))
    nonce = base64url(secrets.token_bytes(16))
    parameters = {
        "response_type": "code", "client_id": request["client_id"], "redirect_uri": request["redirect_uri"],
        "scope": request["scope"], "state": state, "nonce": nonce,
        "code_challenge": base64url(hashlib.sha256(verifier.encode("ascii")).digest()), "code_challenge_method": "S256",
    }
    if request.get("claims"):
        parameters["claims"] = request["claims"]
    return {
        "metadata": metadata, "issuer": metadata["issuer"], "verifier": verifier, "state": state, "nonce": nonce,
        "url": metadata["authorization_endpoint"] + "?" + urlencode(parameters),
    }


def log_in_to_decision(browser, request, authorization):
    """Opens the authorization URL and goes through login (a wrong password, then the right one)
    and the one-time code, up to the decision page. Returns what the pages showed."""
    browser.open(authorization["url"])
    seen = log_in(browser, request)
    browser.page("scopes", "decision")
    seen["decision"] = read_decision(browser, request)
    return seen


def log_in(browser, request, step="login"):
    """On the login page: a wrong password (its notice must show), the right one, then the
    one-time code the sandbox shows. Returns what the pages showed; the next page is loading."""
    seen = {}
    browser.page("customer_id", step)
    seen["login_title"] = browser.driver.title

    browser.type("customer_id", request["customer"], "login")
    browser.type("password", "not-" + request["password"], "login")
    browser.click('form button[type="submit"]', "login with a wrong password")
    browser.page("notice", "wrong-password")
    seen["wrong_password_notice"] = browser.visible_text("notice", "wrong password notice")
    if not seen["wrong_password_notice"]:
        raise JourneyError(f"wrong password: the notice is empty on {browser.where()}")

    browser.type("customer_id", request["customer"], "login again")
    browser.type("password", request["password"], "login again")
    browser.click('form button[type="submit"]', "login with the right password")
    browser.page("one-time-code", "one-time-code")
    code = browser.visible_text("one-time-code", "one-time code")
    if not re.fullmatch(r"[0-9]{6}", code):
        raise JourneyError(f"one-time code: the page shows {code!r}, not six digits")
    seen["one_time_code_shown"] = True

    browser.type("code", code, "one-time code")
    browser.click('form button[type="submit"]', "confirm the one-time code")
    return seen


def read_decision(browser, request):
    """The decision page: its heading names the app, and each requested scope has a visible line."""
    heading = browser.css("h1")
    title = heading[0].text.strip() if heading and heading[0].is_displayed() else ""
    app_name = request.get("app_name")
    if app_name and app_name not in title:
        raise JourneyError(f"decision: the heading {title!r} does not name the app {app_name!r}")
    browser.visible_text("scopes", "decision scopes")
    scopes = {}
    for scope in request["scope"].split():
        lines = [line for line in browser.css(f'#scopes li[data-scope="{scope}"]') if line.is_displayed()]
        if len(lines) != 1 or not lines[0].text.strip():
            raise JourneyError(f"decision: no visible description of the scope {scope!r} on {browser.where()}")
        scopes[scope] = lines[0].text.strip()
    buttons = [button.text.strip() for button in browser.css('form button[name="decision"]') if button.is_displayed()]
    return {"title": title, "scopes": scopes, "buttons": buttons}


def check_redirect(answer, authorization, step):
    if answer.get("state") != authorization["state"]:
        raise JourneyError(f"{step}: the redirect's state is {answer.get('state')!r}, not the request's")
    if answer.get("iss") != authorization["issuer"]:
        raise JourneyError(f"{step}: the redirect's iss is {answer.get('iss')!r}, not the issuer {authorization['issuer']!r}")


def basic_authorization(client_id, secret):
    """client_secret_basic as RFC 6749 §2.3.1 has it: both parts form-urlencoded first."""
    credentials = quote(client_id, safe="") + ":" + quote(secret, safe="")
    return "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")


def jwt_claims(token):
    """The claims of a JWT, unverified (the authlib tests verify signatures; here they are read)."""
    parts = token.split(".")
    if len(parts) != 3:
        raise JourneyError("token exchange: the id_token is not a JWS in compact form")
    return json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))


def exchange(request, authorization, code):
    """The code at the token endpoint, with client_secret_basic and the PKCE verifier."""
    import requests

    response = requests.post(
        authorization["metadata"]["token_endpoint"],
        headers={"Authorization": basic_authorization(request["client_id"], request["client_secret"])},
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": request["redirect_uri"],
              "code_verifier": authorization["verifier"]},
        timeout=WAIT_SECONDS)
    if response.status_code != 200:
        raise JourneyError(f"token exchange: {response.status_code} {response.text[:300]}")
    token = response.json()
    for field in ("access_token", "token_type", "scope"):
        if not token.get(field):
            raise JourneyError(f"token exchange: no {field} in {sorted(token)}")
    answer = {"token_type": token["token_type"], "scope": token["scope"], "id_token": "id_token" in token,
              "refresh_token": "refresh_token" in token, "expires_in": token.get("expires_in"),
              "access_token": token["access_token"]}
    if "openid" in request["scope"].split():
        if "id_token" not in token:
            raise JourneyError("token exchange: the scope has openid and no id_token came")
        claims = jwt_claims(token["id_token"])
        if claims.get("nonce") != authorization["nonce"]:
            raise JourneyError(f"token exchange: the id_token's nonce is {claims.get('nonce')!r}, not the request's")
        answer["id_token_claims"] = {"sub": claims.get("sub"), "aud": claims.get("aud"), "iss": claims.get("iss"),
                                     "nonce_matches": True}
    return answer


def decide(browser, request, decision, step):
    """Logs in up to the decision page, clicks `decision` and returns what reaching the client gave."""
    authorization = authorize(request)
    answer = log_in_to_decision(browser, request, authorization)
    browser.click(f'form button[name="decision"][value="{decision}"]', step)
    query = browser.redirected_to(request["redirect_uri"], step)
    check_redirect(query, authorization, step)
    return authorization, answer, query


def code_flow(browser, request):
    authorization, answer, query = decide(browser, request, "approve", "allow")
    if not query.get("code") or "error" in query:
        raise JourneyError(f"allow: the redirect has no code: {query}")
    answer["redirect"] = {"state_matches": True, "iss": query["iss"], "fields": sorted(query)}
    answer["token"] = exchange(request, authorization, query["code"])
    return answer


def deny(browser, request):
    _, answer, query = decide(browser, request, "deny", "deny")
    if query.get("error") != "access_denied" or "code" in query:
        raise JourneyError(f"deny: the redirect should say error=access_denied and carry no code: {query}")
    answer["redirect"] = {"state_matches": True, "iss": query["iss"], "error": query["error"],
                          "error_description": query.get("error_description"), "fields": sorted(query)}
    return answer


def partner_consent(request):
    """What the partner's server does first: a client-credentials token, then the consent."""
    import requests

    base = request["base"].rstrip("/")
    token = requests.post(
        base + "/oauth2/token", headers={"Authorization": basic_authorization(request["client_id"], request["client_secret"])},
        data={"grant_type": "client_credentials", "scope": "accounts"}, timeout=WAIT_SECONDS)
    if token.status_code != 200:
        raise JourneyError(f"client credentials: {token.status_code} {token.text[:300]}")
    created = requests.post(
        base + "/open-banking/v3.1/aisp/account-access-consents", json=request["consent"],
        headers={"Authorization": "Bearer " + token.json()["access_token"]}, timeout=WAIT_SECONDS)
    if created.status_code != 201:
        raise JourneyError(f"create consent: {created.status_code} {created.text[:300]}")
    return created.json()["Data"]["ConsentId"]


def read_consent_page(browser):
    """The consent page: who asks (the app, its partner; the introduction naming them and the
    app's environment), the permissions in plain words, the duration, the accounts."""
    from selenium.webdriver.common.by import By

    permissions = {line.get_attribute("data-permission"): line.text.strip()
                   for line in browser.css("#permissions li") if line.is_displayed()}
    return {"client": browser.visible_text("client", "consent page"), "partner": browser.visible_text("partner", "consent page"),
            "introduction": browser.by_id("client").find_element(By.XPATH, "..").text.strip(),
            "permissions": permissions,
            "duration": browser.visible_text("duration", "consent page"),
            "accounts": [box.get_attribute("value") for box in browser.css('input[name="account"]') if box.is_displayed()]}


def select_accounts(browser):
    """With script, "Select all" must show and tick every account; without, it stays hidden and
    the first account is ticked by hand. Returns the accounts ticked."""
    button = browser.by_id("select-all")
    boxes = [box for box in browser.css('input[name="account"]') if box.is_displayed()]
    if not boxes:
        raise JourneyError(f"consent page: no account to tick on {browser.where()}")
    if browser.javascript:
        if button is None or not button.is_displayed():
            raise JourneyError("consent page: with script on, the Select all button should show")
        button.click()
    else:
        if button is not None and button.is_displayed():
            raise JourneyError("consent page: with script off, the Select all button should stay hidden")
        boxes[0].click()
    return [box.get_attribute("value") for box in boxes if box.is_selected()]


def read_accounts(request, access_token):
    """The partner reads /accounts with the customer's token; answers the status and account ids."""
    import requests

    response = requests.get(
        request["base"].rstrip("/") + "/open-banking/v3.1/aisp/accounts",
        headers={"Authorization": "Bearer " + access_token, "x-fapi-customer-ip-address": "198.51.100.23"},
        timeout=WAIT_SECONDS)
    ids = [account["AccountId"] for account in response.json().get("Data", {}).get("Account", [])] if response.status_code == 200 else []
    return {"status": response.status_code, "accounts": ids, "reason": response.headers.get("x-lango-reason")}


def consent_status(browser, consent_id):
    sections = browser.css(f'section.consent[id="{consent_id}"]')
    if len(sections) != 1 or not sections[0].is_displayed():
        raise JourneyError(f"consents page: consent {consent_id} is not listed on {browser.where()}")
    return sections[0].get_attribute("data-status")


def consent_journey(browser, request):
    consent_id = partner_consent(request)
    authorization = authorize(dict(request, claims=json.dumps(
        {"id_token": {"openbanking_intent_id": {"value": consent_id, "essential": True}}})))
    browser.open(authorization["url"])
    answer = {"consent_id": consent_id}
    answer.update(log_in(browser, request))
    browser.page("permissions", "consent")
    answer["consent_page"] = read_consent_page(browser)
    answer["ticked"] = select_accounts(browser)
    browser.click('form button[name="decision"][value="approve"]', "allow the consent")
    query = browser.redirected_to(request["redirect_uri"], "allow the consent")
    check_redirect(query, authorization, "allow the consent")
    token = exchange(request, authorization, query.get("code", ""))["access_token"]
    answer["read_before"] = read_accounts(request, token)

    browser.open(request["base"].rstrip("/") + "/customer/consents")
    log_in(browser, request, step="consents sign-in")
    browser.page("customer", "consents")
    answer["status_before"] = consent_status(browser, consent_id)
    browser.click(f'section.consent[id="{consent_id}"] form button[type="submit"]', "withdraw the consent")
    browser.page("notice", "withdrawn")
    answer["withdrawn_notice"] = browser.visible_text("notice", "withdrawn notice")
    answer["status_after"] = consent_status(browser, consent_id)
    answer["read_after"] = read_accounts(request, token)
    return answer


# Operations that drive the browser, by name; each gets a started Browser and the request.
OPERATIONS = {"code_flow": code_flow, "deny": deny, "consent_journey": consent_journey}
# The fields each operation's request must have.
FLOW_FIELDS = ("base", "client_id", "client_secret", "redirect_uri", "scope", "customer", "password")
REQUIRED = {"code_flow": FLOW_FIELDS, "deny": FLOW_FIELDS, "consent_journey": FLOW_FIELDS + ("consent",)}


def main():
    request = json.load(sys.stdin)
    op = request.get("op")
    try:
        if op == "check":
            answer = check(request)
        elif op in OPERATIONS:
            lacking = [field for field in REQUIRED.get(op, ()) if field not in request]
            if lacking:
                raise JourneyError(f"the request lacks {', '.join(lacking)}")
            if not isinstance(request.get("javascript", True), bool):
                raise JourneyError(f"javascript must be true or false, not {request['javascript']!r}")
            with Browser(request.get("javascript", True), request.get("screenshots")) as browser:
                answer = {"javascript": browser.verify_javascript()}
                answer.update(OPERATIONS[op](browser, request))
        else:
            raise JourneyError(f"unknown op {op!r}; known: check, {', '.join(OPERATIONS)}")
    except JourneyError as error:
        print(f"browser-journey {op}: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # the browser or the network failed: say so, with where
        print(f"browser-journey {op}: {type(error).__name__}: {error}", file=sys.stderr)
        traceback.print_exc()
        return 1
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
