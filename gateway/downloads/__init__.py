"""Downloads: the klantprofiel as PDF and the forms of a plaatsingseenheid (DOCX, HTML).

Served under the same policy as GraphQL: the same scoped loaders, the same consent gate, the same
field groups per role and the same access log. `routes` is the HTTP side; `klantprofiel` and
`formulieren` decide what a document holds (as a `document.Document`); `pdf`, `docx` and `html`
only lay out what they are given.
"""
