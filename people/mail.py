"""E-mail goes out as a task: at once by default, by the worker with a task queue.

Callers render the message in the reader's language first; the task gets plain
text, which the queue can store.
"""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    subject: str,
    body: str,
    to: list[str],
    *,
    from_email: str | None = None,
    html: str = "",
) -> int:
    """Send one e-mail; None as the sender means DEFAULT_FROM_EMAIL."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
