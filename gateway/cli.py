"""`tvs-gateway`: serve, migrate, seed, token, accounts, export-schema, import-gemeenten,
fetch-graphiql."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from pathlib import Path

from gateway.settings import get_settings


def _ttl(value: str) -> int:
    """'8h', '30m', '3600' -> seconds."""
    m = re.fullmatch(r"(\d+)([smhd]?)", value.strip())
    if not m:
        raise argparse.ArgumentTypeError("use e.g. 8h, 30m or 3600")
    return int(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def cmd_serve(args: argparse.Namespace) -> int:
    from gateway import server

    settings = get_settings()
    server.serve(
        settings,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers,
    )
    return 0


def cmd_healthcheck(_: argparse.Namespace) -> int:
    from gateway import server

    return server.healthcheck(get_settings())


def cmd_migrate(_: argparse.Namespace) -> int:
    from db.migrate import upgrade

    settings = get_settings()
    upgrade(settings.database_url)
    print(f"migrated {settings.database_url.split('@')[-1]} to head")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from db.migrate import alembic_config, upgrade
    from db.seed import SeedError, database_is_empty, seed
    from db.session import create_engine

    settings = get_settings()
    if settings.is_production:
        print(
            "tvs-gateway: seed makes demo accounts: not in production (TVS_ENV=production)", file=sys.stderr
        )
        return 2
    if args.reset:
        from alembic import command

        command.downgrade(alembic_config(settings.database_url), "base")
        upgrade(settings.database_url)

    async def run() -> int:
        engine = create_engine(settings.database_url)
        try:
            if args.if_empty and not await database_is_empty(engine):
                print("database holds data already: not seeding")
                return 0
            await seed(engine, vergunninghouders=args.vergunninghouders, seed=args.seed, progress=print)
            return 0
        except SeedError as exc:
            print(f"tvs-gateway: {exc}", file=sys.stderr)
            return 1
        finally:
            await engine.dispose()

    return asyncio.run(run())


def cmd_token(args: argparse.Namespace) -> int:
    from gateway.auth import TokenVerifier

    settings = get_settings()
    if settings.is_production:
        print("tvs-gateway: in production tokens come from the identity provider", file=sys.stderr)
        return 2
    print(TokenVerifier(settings).issue_dev_token(args.gebruikersnaam, args.ttl))
    return 0


def cmd_accounts(_: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from db.models import Account, Arbeidsmarktregio, Gemeente, Uitplaatsingsregio
    from db.session import create_engine

    settings = get_settings()

    async def run() -> None:
        engine = create_engine(settings.database_url)
        stmt = (
            sa.select(
                Account.gebruikersnaam,
                Account.rol,
                Account.actief,
                Gemeente.code,
                Arbeidsmarktregio.code.label("am"),
                Uitplaatsingsregio.code.label("regio"),
            )
            .outerjoin(Gemeente, Gemeente.id == Account.gemeente_id)
            .outerjoin(Arbeidsmarktregio, Arbeidsmarktregio.id == Account.arbeidsmarktregio_id)
            .outerjoin(Uitplaatsingsregio, Uitplaatsingsregio.id == Account.uitplaatsingsregio_id)
            .order_by(Account.rol, Account.gebruikersnaam)
        )
        async with engine.connect() as conn:
            rows = (await conn.execute(stmt)).all()
        await engine.dispose()
        print(f"{'gebruikersnaam':<40} {'rol':<20} scope")
        for r in rows:
            scope = r.code or r.am or r.regio or ""
            print(f"{r.gebruikersnaam:<40} {r.rol.value:<20} {scope}{'' if r.actief else '  (inactief)'}")

    asyncio.run(run())
    return 0


def cmd_export_schema(args: argparse.Namespace) -> int:
    from gateway.schema import build_schema

    sdl = str(build_schema()) + "\n"
    if args.output:
        Path(args.output).write_text(sdl)
    else:
        sys.stdout.write(sdl)
    return 0


def cmd_import_gemeenten(args: argparse.Namespace) -> int:
    from db.reference import ReferenceDataError, import_gemeenten
    from db.session import create_engine

    settings = get_settings()

    async def run() -> int:
        engine = create_engine(settings.database_url)
        try:
            async with engine.begin() as conn:
                inserted, updated = await import_gemeenten(conn, Path(args.file))
        except ReferenceDataError as exc:
            print(f"tvs-gateway: {exc}", file=sys.stderr)
            return 1
        finally:
            await engine.dispose()
        print(f"{inserted} gemeenten added, {updated} updated")
        return 0

    return asyncio.run(run())


def cmd_fetch_graphiql(args: argparse.Namespace) -> int:
    from gateway import graphiql_assets

    return graphiql_assets.run(args)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tvs-gateway", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="serve the gateway with uvicorn")
    s.add_argument("--host")
    s.add_argument("--port", type=int)
    s.add_argument("--workers", type=int)
    s.set_defaults(func=cmd_serve)
    s = sub.add_parser("healthcheck", help="exit 0 when this machine's gateway answers /healthz")
    s.set_defaults(func=cmd_healthcheck)
    sub.add_parser("migrate", help="upgrade the database to the latest schema").set_defaults(func=cmd_migrate)
    s = sub.add_parser("seed", help="fill the database with synthetic demo data")
    s.add_argument("--vergunninghouders", type=int, default=2000)
    s.add_argument("--seed", type=int, default=2026, help="random seed: the same seed gives the same data")
    s.add_argument("--reset", action="store_true", help="drop all data first (migrates down and up)")
    s.add_argument("--if-empty", action="store_true", help="only seed a database without vergunninghouders")
    s.set_defaults(func=cmd_seed)
    s = sub.add_parser("token", help="print a development token for an account")
    s.add_argument("gebruikersnaam")
    s.add_argument("--ttl", type=_ttl, default=None, help="lifetime, e.g. 8h (default TVS_TOKEN_TTL_SECONDS)")
    s.set_defaults(func=cmd_token)
    sub.add_parser("accounts", help="list the accounts and their scope").set_defaults(func=cmd_accounts)
    s = sub.add_parser("export-schema", help="print the served schema as SDL")
    s.add_argument("--output", "-o")
    s.set_defaults(func=cmd_export_schema)
    s = sub.add_parser("import-gemeenten", help="add or update gemeenten from a CSV (db/reference format)")
    s.add_argument("file")
    s.set_defaults(func=cmd_import_gemeenten)
    from gateway import graphiql_assets

    s = sub.add_parser("fetch-graphiql", help=graphiql_assets.HELP)
    graphiql_assets.add_arguments(s)
    s.set_defaults(func=cmd_fetch_graphiql)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    get_settings()  # a wrong setting stops every command with one line naming it
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
