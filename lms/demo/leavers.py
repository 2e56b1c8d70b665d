"""One leaver erased, as the privacy rules allow a person who has left to be:
their name, e-mail and logins are gone, their anonymised records still count
in the reports, and the training history says HR erased someone.

Once erased, the person cannot be recognised again, not even by this loader;
the HR system would no longer send them either. So a later load leaves their
row out of the staff file once the demo holds an erased person.
"""

import csv
import io

from django.contrib.auth import get_user_model

from people.models import StaffProfile
from people.privacy import erase_person, erased_staff

ERASED_LEAVER = "E1022"  # Svetlana Zariņa, who left after a month


def without_erased_leaver(content: bytes) -> bytes:
    """The staff CSV without the erased leaver's row, once they are erased."""
    if not erased_staff().exists():
        return content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    kept = [row for row in rows if not row or row[0] != ERASED_LEAVER]
    output = io.StringIO(newline="")
    csv.writer(output, lineterminator="\n").writerows(kept)
    return output.getvalue().encode("utf-8")


def erase_a_leaver(stdout=None) -> bool:
    """Erase the demo's leaver (HR does it); nothing when done on a load before."""
    leaver = StaffProfile.objects.filter(
        employee_id=ERASED_LEAVER, is_active=False
    ).first()
    if leaver is None:
        return False
    erase_person(leaver, actor=get_user_model().objects.get(username="hr"))
    if stdout:
        stdout.write("Privacy: one leaver's personal data erased.")
    return True
