"""Compiled reads: a query operation on PostgreSQL answered by one SQL statement per root field
that builds the response JSON in PostgreSQL (docs/compiler.md).

- plan.py: the document's fields per response key (aliases, fragments, @include/@skip), cached;
- build.py, columns.py, sqlparts.py: objects, relations and connections as SQLAlchemy Core;
- persons.py, klantprofiel.py, reference.py, roots.py: the schema's types and root fields;
- run.py: executing, the access log, splicing cursors into the JSON text;
- extension.py: where it joins the request, after every check of the resolver path.
"""
