"""All models; importing this package registers every table on ``Base.metadata``."""

from db.models.account import Account, Contactpersoon
from db.models.audit import AuditEvent, AuditRecord
from db.models.base import Base
from db.models.klantprofiel import Klantprofiel, Toestemming
from db.models.nareiziger import Nareiziger
from db.models.notificatie import EmailOutbox, Notificatie
from db.models.regio import (
    Arbeidsmarktregio,
    Gemeente,
    Regievoerder,
    Taakstelling,
    Uitplaatsingsregio,
)
from db.models.vergunninghouder import Formulier, Huurcontract, Plaatsingseenheid, Vergunninghouder

__all__ = [
    "Account",
    "Arbeidsmarktregio",
    "AuditEvent",
    "AuditRecord",
    "Base",
    "Contactpersoon",
    "EmailOutbox",
    "Formulier",
    "Gemeente",
    "Huurcontract",
    "Klantprofiel",
    "Nareiziger",
    "Notificatie",
    "Plaatsingseenheid",
    "Regievoerder",
    "Taakstelling",
    "Toestemming",
    "Uitplaatsingsregio",
    "Vergunninghouder",
]
