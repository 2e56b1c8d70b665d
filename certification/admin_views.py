"""Views of the Training admin: records, revoking, observations, the ZIP of PDFs."""

import tempfile

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import FileResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from certification import services
from certification.admin_forms import (
    ExtraAttemptsForm,
    ObservationForm,
    ObservationStartForm,
    ReasonForm,
)
from certification.certificates import write_zip
from certification.models import (
    Certificate,
    CertificationRecord,
    CourseRequirements,
    Observation,
    ObservationRating,
    Status,
)
from people import roles
from quizzes import services as quiz_services

REVOKE_PERMISSION = "certification.revoke_certificate"
OBSERVE_PERMISSION = "certification.add_observation"
ZIP_MEMORY_LIMIT = 10 * 1024 * 1024
SEARCH_FIELDS = [
    "user__first_name",
    "user__last_name",
    "user__staff_profile__employee_id",
]

NO_CERTIFICATES = _(
    "None of the records in this selection has a current certificate, so there "
    "is nothing to download. Change the filters and try again."
)
REVOKED = _("The certificate of %(person)s on “%(course)s” was revoked.")
REINSTATED = _(
    "The certificate of %(person)s on “%(course)s” was reinstated; the record is "
    "now %(status)s."
)
BAD_FILTERS = _("The filters are not valid; nothing was downloaded.")
NO_CHECKLIST = _(
    "This course has no observation checklist. A trainer can choose one under "
    "Training › Certification rules."
)
SAVED_CERTIFIED = _("Observation saved. %(person)s is now certified on “%(course)s”.")
ALREADY_RECORDED = _(
    "This observation had already been saved (the form was sent twice); "
    "it was not recorded again."
)
SAVED_NOT_CERTIFIED = _(
    "Observation saved. %(person)s is not certified on “%(course)s” yet: %(status)s."
)
EXTRA_ATTEMPTS_GRANTED = _(
    "%(person)s can take “%(quiz)s” again (attempts left: %(left)s). The grant "
    "is in the record's history."
)
ATTEMPTS_USED = _(
    "Attempts used by %(person)s at “%(quiz)s”: %(used)s of %(limit)s. Extra "
    "attempts count for this person only, and the reason is kept in the "
    "record's history."
)
CHECKLIST_IN_USE = _(
    "The checklist “%(checklist)s” cannot be deleted: observations or courses "
    "use it. Change its items instead."
)
CERTIFICATE_STATUS_LABELS = {
    "valid": _("Valid"),
    "expired": _("Expired"),
    "revoked": _("Revoked"),
    "superseded": _("Superseded"),
}


def refuse(request):
    # A plain 403: Wagtail would turn PermissionDenied into a redirect.
    return defaults.permission_denied(request, PermissionDenied())


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def records_for(user):
    """The records ``user`` may see in the admin, with what the pages show."""
    return CertificationRecord.objects.for_admin(user).select_related(
        "user__staff_profile__department",
        "user__staff_profile__location",
        "user__staff_profile__job_role",
        "course",
    )


def search_by_words(queryset, query: str, fields: list[str]):
    """Every word must match a field, so "Ann Lee" finds Ann Lee."""
    for word in query.split():
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def can_download_all(user) -> bool:
    """HR (who see everybody) may download every certificate of a filter."""
    return roles.sees_all_staff(user)


def observation_url(learner=None, course=None) -> str:
    url = reverse("observations:add")
    if learner is not None and course is not None:
        url += f"?learner={learner.pk}&course={course.pk}"
    return url


# Certification records


class CertificationRecordIndexView(generic.IndexView):
    zip_url_name = None

    def get_base_queryset(self):
        return records_for(self.request.user)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_by_words(queryset, self.search_query, SEARCH_FIELDS)

    @cached_property
    def columns(self):
        title, *others = super().columns
        title.label = _("Person")
        title.accessor = lambda record: person_name(record.user)
        title.sort_key = "user__last_name"
        # Room for a full name beside its actions menu among nine columns.
        title.width = "20%"
        return [title, *others]

    @cached_property
    def header_buttons(self):
        buttons = [*super().header_buttons]
        user = self.request.user
        if user.has_perm(OBSERVE_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Record an observation"),
                    observation_url(),
                    icon_name="clipboard-list",
                )
            )
        if self.zip_url_name and can_download_all(user):
            # Wagtail renders the header buttons again whenever the filters
            # change, so the link always carries the listing's current query.
            query = QueryDict(mutable=True)
            for key, values in self.request.GET.lists():
                if key != self.page_kwarg:
                    query.setlist(key, [value for value in values if value.strip()])
            url = reverse(self.zip_url_name)
            if query := query.urlencode():
                url = f"{url}?{query}"
            buttons.append(
                HeaderButton(
                    _("Download certificates (ZIP)"), url, icon_name="download"
                )
            )
        return buttons


class CertificateZipView(CertificationRecordIndexView):
    """The current certificates of the listing's filtered records, as one ZIP."""

    def get(self, request, *args, **kwargs):
        if not can_download_all(request.user):
            return refuse(request)
        if self.filters and not self.filters.is_valid():
            # The listing would ignore them; a ZIP of everyone would surprise.
            messages.error(request, BAD_FILTERS)
            return redirect(self.index_url)
        records = self.get_queryset()
        certificates = (
            Certificate.objects.current()
            .filter(record__in=records.order_by().values("pk"))
            .select_related("record__user__wagtail_userprofile")
            .order_by("holder_name", "code")
        )
        if not certificates.exists():
            messages.warning(request, NO_CERTIFICATES)
            query = request.GET.urlencode()
            return redirect(self.index_url + (f"?{query}" if query else ""))
        # Spooled: small archives stay in memory, large ones go to disk. The
        # response closes the file once it is sent.
        archive = tempfile.SpooledTemporaryFile(max_size=ZIP_MEMORY_LIMIT)  # noqa: SIM115
        write_zip(certificates.iterator(chunk_size=200), archive)
        archive.seek(0)
        filename = f"certificates-{timezone.localdate().isoformat()}.zip"
        return FileResponse(
            archive,
            as_attachment=True,
            filename=filename,
            content_type="application/zip",
        )


class CertificationRecordInspectView(generic.InspectView):
    template_name = "certification/admin/record_inspect.html"
    page_title = _("Certification record")
    revoke_url_name = None
    reinstate_url_name = None
    extra_attempts_url_name = "certification_records:extra_attempts"

    def get_object(self, queryset=None):
        return get_object_or_404(records_for(self.request.user), pk=self.pk)

    def get_page_subtitle(self):
        return f"{person_name(self.object.user)}: {self.object.course.title}"

    @cached_property
    def certificates(self):
        certificates = list(self.object.certificates.order_by("-cycle", "-issued_at"))
        now = timezone.now()
        for certificate in certificates:
            certificate.status_key = certificate.public_status(now)
            certificate.status_label = CERTIFICATE_STATUS_LABELS[certificate.status_key]
        return certificates

    @cached_property
    def current_certificate(self):
        """The newest certificate not replaced by another (it may be revoked)."""
        return next(
            (cert for cert in self.certificates if not cert.superseded_by_id), None
        )

    @cached_property
    def header_buttons(self):
        buttons = []
        user = self.request.user
        record = self.object
        observable = record.user_id != user.pk and hasattr(record.user, "staff_profile")
        if user.has_perm(OBSERVE_PERMISSION) and observable:
            buttons.append(
                HeaderButton(
                    _("Record an observation"),
                    observation_url(record.user.staff_profile, record.course),
                    icon_name="clipboard-list",
                )
            )
        if user.has_perm(REVOKE_PERMISSION):
            current = self.current_certificate
            if record.status == Status.REVOKED:
                buttons.append(
                    HeaderButton(
                        _("Reinstate"),
                        reverse(self.reinstate_url_name, args=[quote(record.pk)]),
                        icon_name="resubmit",
                    )
                )
            elif current is not None and current.revoked_at is None:
                buttons.append(
                    HeaderButton(
                        _("Revoke"),
                        reverse(self.revoke_url_name, args=[quote(record.pk)]),
                        icon_name="cross",
                    )
                )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        user = self.request.user
        ratings = ObservationRating.objects.order_by("pk")
        context.update(
            record=record,
            profile=getattr(record.user, "staff_profile", None),
            person=person_name(record.user),
            certificates=self.certificates,
            current_certificate=self.current_certificate,
            # The PDF view lets the holder, their managers and HR download.
            can_download=roles.sees_all_staff(user)
            or CertificationRecord.objects.for_viewer(user)
            .filter(pk=record.pk)
            .exists(),
            observations=Observation.objects.filter(
                learner=record.user, course=record.course
            )
            .select_related("observer", "checklist")
            .prefetch_related(Prefetch("ratings", queryset=ratings)),
            events=record.events.select_related("actor").order_by("-at", "-pk"),
            status_is_good=record.status == Status.CERTIFIED,
            out_of_attempts=self.out_of_attempts(),
        )
        return context

    def out_of_attempts(self) -> list:
        """The course's quizzes the person has no attempts left at, each with the
        link to grant more when the viewer may."""
        record = self.object
        quizzes = quiz_services.out_of_attempts(
            record.user, quizzes=services.course_quizzes(record.course)
        )
        may_grant = services.can_grant_extra_attempts(self.request.user)
        for quiz in quizzes:
            quiz.grant_url = (
                reverse(self.extra_attempts_url_name, args=[record.pk, quiz.pk])
                if may_grant
                else None
            )
        return quizzes


class RecordActionView(WagtailAdminTemplateMixin, FormView):
    """HR's form to revoke or reinstate a record's certificate, with a reason."""

    form_class = ReasonForm
    template_name = "certification/admin/record_action.html"
    index_url_name = None
    inspect_url_name = None
    submit_button_label = ""
    intro = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.may_act(request.user):
            return refuse(request)
        self.record = get_object_or_404(records_for(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def may_act(self, user) -> bool:
        return user.has_perm(REVOKE_PERMISSION)

    @cached_property
    def inspect_url(self):
        return reverse(self.inspect_url_name, args=[quote(self.record.pk)])

    def get_page_subtitle(self):
        return f"{person_name(self.record.user)}: {self.record.course.title}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(CertificationRecord._meta.verbose_name_plural),
            },
            {"url": self.inspect_url, "label": self.get_page_subtitle()},
            {"url": "", "label": self.get_page_title()},
        ]

    def perform(self, reason: str):
        raise NotImplementedError

    def success_message(self) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.record = self.perform(form.cleaned_data["reason"])
        except ValidationError as error:
            field = "reason" if error.code == "reason_required" else None
            form.add_error(field, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message())
        return redirect(self.inspect_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            record=self.record,
            person=person_name(self.record.user),
            intro=self.intro,
            action_url=self.request.path,
            inspect_url=self.inspect_url,
            submit_button_label=self.submit_button_label,
            submit_button_active_label=self.submit_button_label,
        )
        return context


class RevokeCertificateView(RecordActionView):
    page_title = _("Revoke certificate")
    header_icon = "cross"
    submit_button_label = _("Revoke certificate")
    intro = _(
        "The certificate stops being valid at once: the public verification page "
        "will say “revoked”, and the person is no longer counted as ready."
    )

    def perform(self, reason):
        return services.revoke_certificate(
            self.record, actor=self.request.user, reason=reason
        )

    def success_message(self):
        return REVOKED % {
            "person": person_name(self.record.user),
            "course": self.record.course.title,
        }


class ReinstateCertificateView(RecordActionView):
    page_title = _("Reinstate certificate")
    header_icon = "resubmit"
    submit_button_label = _("Reinstate certificate")
    intro = _(
        "The last certificate becomes valid again, unless it has expired in the "
        "meantime, in which case the record shows as expired."
    )

    def perform(self, reason):
        return services.reinstate_certificate(
            self.record, actor=self.request.user, reason=reason
        )

    def success_message(self):
        return REINSTATED % {
            "person": person_name(self.record.user),
            "course": self.record.course.title,
            "status": self.record.get_status_display().lower(),
        }


class GrantExtraAttemptsView(RecordActionView):
    """HR or a trainer gives a learner out of attempts more tries at a quiz."""

    form_class = ExtraAttemptsForm
    page_title = _("Grant extra attempts")
    header_icon = "rotate"
    submit_button_label = _("Grant extra attempts")

    def may_act(self, user) -> bool:
        return services.can_grant_extra_attempts(user)

    def dispatch(self, request, *args, **kwargs):
        if self.may_act(request.user):
            record = get_object_or_404(records_for(request.user), pk=kwargs["pk"])
            self.quiz = get_object_or_404(
                services.course_quizzes(record.course), pk=kwargs["quiz_pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    @property
    def intro(self):
        state = quiz_services.availability(self.record.user, quiz=self.quiz)
        return ATTEMPTS_USED % {
            "quiz": self.quiz.title,
            "person": person_name(self.record.user),
            "used": state.used,
            "limit": state.limit,
        }

    def form_valid(self, form):
        try:
            services.grant_extra_attempts(
                self.quiz,
                course=self.record.course,
                learner=self.record.user,
                actor=self.request.user,
                extra=form.cleaned_data["extra"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            field = {"reason_required": "reason", "extra_range": "extra"}
            form.add_error(field.get(error.code), error)
            return self.form_invalid(form)
        state = quiz_services.availability(self.record.user, quiz=self.quiz)
        messages.success(
            self.request,
            EXTRA_ATTEMPTS_GRANTED
            % {
                "person": person_name(self.record.user),
                "quiz": self.quiz.title,
                "left": state.attempts_left,
            },
        )
        return redirect(self.inspect_url)


# Practical observations


class ObservationIndexView(generic.IndexView):
    record_inspect_url_name = None
    add_item_label = _("Record an observation")

    def get_base_queryset(self):
        record = CertificationRecord.objects.filter(
            user=OuterRef("learner"), course=OuterRef("course")
        )
        return (
            Observation.objects.for_admin(self.request.user)
            .select_related("learner__staff_profile", "course", "observer")
            .annotate(record_id=Subquery(record.values("pk")[:1]))
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        fields = [
            "learner__first_name",
            "learner__last_name",
            "learner__staff_profile__employee_id",
        ]
        return search_by_words(queryset, self.search_query, fields)

    def get_inspect_url(self, instance):
        if instance.record_id:
            url = reverse(self.record_inspect_url_name, args=[instance.record_id])
            return f"{url}#observation-{instance.pk}"

    def get_list_more_buttons(self, instance):
        url = self.get_inspect_url(instance)
        if not url:
            return []
        return [MenuItem(_("Open the record"), url=url, icon_name="doc-full")]

    @cached_property
    def columns(self):
        title, *others = super().columns
        title.label = _("Learner")
        title.accessor = lambda observation: person_name(observation.learner)
        title.sort_key = "learner__last_name"
        return [title, *others]


class RecordObservationView(WagtailAdminTemplateMixin, TemplateView):
    """Record a practical observation: first who and which course, then the
    course's checklist, rated item by item."""

    page_title = _("Record a practical observation")
    header_icon = "clipboard-list"
    template_name = "certification/admin/observation_form.html"
    index_url_name = None
    record_inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(OBSERVE_PERMISSION):
            return refuse(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(Observation._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        query = request.GET
        chosen = "learner" in query and "course" in query and "change" not in query
        start = ObservationStartForm(
            query if chosen else None,
            initial=query.dict(),
            observer=request.user,
        )
        if not chosen or not start.is_valid():
            return self.show_start(start)
        checklist = self.checklist_for(start)
        if checklist is None:
            return self.show_start(start)
        form = ObservationForm(
            initial={
                "learner": start.cleaned_data["learner"].pk,
                "course": start.cleaned_data["course"].pk,
            },
            observer=request.user,
            checklist=checklist,
        )
        return self.show_form(form, start)

    def post(self, request, *args, **kwargs):
        start = ObservationStartForm(request.POST, observer=request.user)
        if not start.is_valid():
            return self.show_start(start)
        checklist = self.checklist_for(start)
        if checklist is None:
            return self.show_start(start)
        form = ObservationForm(request.POST, observer=request.user, checklist=checklist)
        if not form.is_valid():
            return self.show_form(form, start)
        learner = form.cleaned_data["learner"].user
        course = form.cleaned_data["course"]
        try:
            observation = services.record_observation(
                request.user,
                learner=learner,
                course=course,
                checklist=checklist,
                ratings=form.ratings(),
                passed=form.cleaned_data["passed"] == "passed",
                comments=form.cleaned_data["comments"],
                observed_on=form.cleaned_data["observed_on"],
                submission_key=form.cleaned_data["submission_key"],
            )
        except PermissionDenied:
            start.add_error("learner", self.refusal(learner))
            return self.show_start(start)
        except ValidationError as error:
            # The result contradicts the ratings: the form comes back as entered.
            form.add_error("passed", error)
            return self.show_form(form, start)
        record = CertificationRecord.objects.get(user=learner, course=course)
        if observation.replayed:
            messages.warning(request, ALREADY_RECORDED)
        else:
            messages.success(request, self.saved_message(record))
        if records_for(request.user).filter(pk=record.pk).exists():
            return redirect(self.record_inspect_url_name, record.pk)
        return redirect(self.index_url_name)

    def refusal(self, learner) -> str:
        if learner.pk == self.request.user.pk:
            return services.CANNOT_OBSERVE_SELF
        return services.CANNOT_OBSERVE

    def checklist_for(self, start):
        course = start.cleaned_data["course"]
        checklist = services.requirements_for(course).checklist
        if checklist is None:
            start.add_error("course", NO_CHECKLIST)
        return checklist

    def saved_message(self, record) -> str:
        values = {
            "person": person_name(record.user),
            "course": record.course.title,
            "status": record.get_status_display().lower(),
        }
        if record.status == Status.CERTIFIED:
            return SAVED_CERTIFIED % values
        return SAVED_NOT_CERTIFIED % values

    def show_start(self, start):
        return self.render_to_response(self.get_context_data(start_form=start))

    def show_form(self, form, start):
        learner = start.cleaned_data["learner"]
        course = start.cleaned_data["course"]
        change_url = (
            f"{reverse('observations:add')}?learner={learner.pk}"
            f"&course={course.pk}&change=1"
        )
        context = self.get_context_data(
            form=form,
            learner=learner,
            course=course,
            checklist=form.shown_checklist,
            change_url=change_url,
            media=form.media,
        )
        return self.render_to_response(context)


# Observation checklists


class ObservationChecklistIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(item_count=Count("items"))


class CourseRequirementsIndexView(generic.IndexView):
    page_title = _("Certification rules")
    add_item_label = _("Add rules for a course")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("course", "checklist")


class ObservationChecklistDeleteView(generic.DeleteView):
    """A checklist that observations or courses use is kept, with a message."""

    def form_valid(self, form):
        checklist = self.object
        in_use = (
            checklist.observations.exists()
            or CourseRequirements.objects.filter(checklist=checklist).exists()
        )
        if in_use:
            messages.error(self.request, CHECKLIST_IN_USE % {"checklist": checklist})
            return redirect(self.edit_url_name, quote(checklist.pk))
        return super().form_valid(form)
