"""The coordinators' web dashboard at `/dasbor`: server-rendered pages, signed in from the chat.

Signing in: `/dasbor` in the chat (or `psmbot dashboard link --as PHONE`) gives a one-time link
(`/dasbor/masuk/<token>`, 10 minutes, once) that opens a session cookie (HTTP-only, SameSite
Lax, Secure when PUBLIC_BASE_URL is https, 12 hours idle). Tokens are stored hashed
(`storage/dashboard_access.py`); deactivating a person revokes their sessions.

Interfaces for the dashboard's pages (kept stable):

- `viewer.require_viewer(request) -> Viewer` (await it): the signed-in coordinator, or a 401
  "please sign in again" page. `Viewer` has `person_id`, `name`, `role` (`PersonRole`),
  `home_area` (their own area code), `area_code` (what they may see; None for an admin: all),
  `locale` ("id"/"en") and `covers(code) -> bool` (a record of that region is theirs to see).
  `viewer.not_found()` is the exception to raise for anything missing or outside the area
  (404; never 403, so nothing outside the area is confirmed to exist). `viewer.services_of
  (request)` gives the `Services` (engine, settings). Database work runs in a thread
  (`asyncio.to_thread`) with `storage.db.reading` / `transaction`, closed before rendering.
- `rendering.render(request, template, context, *, status=200) -> HTMLResponse`: a template
  from `rendering.TEMPLATES` (this package's `templates/`), extending `base.html` (block
  `title`, block `content`). Templates get `viewer`, `locale`, `t(key, **values)` (texts in
  `handlers/i18n/catalogs/dashboard.py`, keys `dash.*`), `label(vocabulary, code)`,
  `number(n)`, `day(date)`, `csrf_field()`, `query(**changes)`, `nav`, `path`.
  Partials: `_area_picker.html` (needs `area`, an `areas.AreaChoice`, and `keep`, a dict of
  query values to carry), `_pager.html` (needs `page`, `pages`).
- `areas.chosen_area(session=, viewer=, code=request.query_params.get("wilayah"))`: the area a
  page shows (the viewer's own or a sub-area), 404 outside the viewer's area.
- CSRF: every POST form carries `{{ csrf_field() }}`; the endpoint calls
  `await csrf.checked_form(request) -> (Viewer, FormData)` (403 on a missing or wrong token).
  `csrf.csrf_token(viewer)` gives the bare token.
- `query`: safe readers of query and form values (`text`, `number`, `day`, `page`, `pages`,
  `PAGE_SIZE`).
- Registering pages: a module with `routes() -> list[BaseRoute]` (paths relative to `/dasbor`,
  e.g. `Route("/psm", psm_list)`), listed in `routes.PAGES`; its navigation entry goes in
  `navigation.NAV` (the entries "PSM", "Roster", "Pertemuan" and "Audit" are already there).
- Every response carries the headers of `headers.SecurityHeaders` (a CSP without inline
  scripts or styles: put styles in `static/dashboard.css`, scripts in `static/*.js`).
- Pages never put a NIK or other personal data in a URL; queries go through the storage
  scope functions (`storage.area_scope.in_area`) with the chosen area's code.
"""
