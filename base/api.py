"""Base classes of the REST API: scoped serializers and viewsets, error answers and their schema."""

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent, force_instance
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission, IsAuthenticated
from rest_framework.views import exception_handler as drf_exception_handler

from .privacy import Viewer, personal_kind
from .scoping import CHANGE, VIEW, OutOfJurisdiction, ensure_in_scope, restrict_choices
from .validators import implausible_dates


class ScopedSerializer(serializers.ModelSerializer):
    """Related choices limited to the caller's jurisdiction; model validation runs too."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            restrict_choices(fields, request.user)
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        viewer = self.context.get("viewer")
        if viewer is None:
            request = self.context.get("request")
            viewer = self.context["viewer"] = Viewer(getattr(request, "user", None), "api")
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = viewer.show(instance, name, value)
        return data

    def validate(self, attrs):
        # Model.clean() holds cross-field rules (coordinates in Fujian, …) and
        # clean_related() the rules on many-to-many choices: the API must
        # refuse what the forms refuse.
        if implausible := implausible_dates(attrs):
            raise ValidationError({name: [message] for name, message in implausible.items()})
        instance = self.instance or self.Meta.model()
        related = {name: value for name, value in attrs.items() if isinstance(value, list)}
        for name, value in attrs.items():
            if name not in related:
                setattr(instance, name, value)
        try:
            instance.clean()
            if related and hasattr(instance, "clean_related"):
                instance.clean_related(related)
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from error
        return attrs


class CanChangeInScope(BasePermission):
    """Writes only for roles that may change this model somewhere in their jurisdiction."""

    message = "您的角色无权修改此类记录。"

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or view.queryset.model.may_change(request.user)


class ScopedViewSetMixin:
    """Rows scoped to the caller's jurisdiction; personal data masked as their role requires."""

    # Ids are numbers: anything else in the path is a 404, never a database error.
    lookup_value_regex = "[0-9]+"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Token-authenticated callers are only known here; history records them.
        request._request.user = request.user
        self.viewer = Viewer(request.user, "api")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "viewer"):
            context["viewer"] = self.viewer
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        if hasattr(self, "viewer"):
            self.viewer.record()
        return super().finalize_response(request, response, *args, **kwargs)

    def base_queryset(self, user):
        """The rows before scoping; the registry points it at the model's declared queryset."""
        return self.queryset.all()

    def get_queryset(self):
        action = VIEW if self.request.method in SAFE_METHODS else CHANGE
        return self.base_queryset(self.request.user).for_user(self.request.user, action)


class ScopedViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and update inside the caller's jurisdiction. Nothing is deleted."""

    permission_classes = [IsAuthenticated, CanChangeInScope]

    def perform_create(self, serializer):
        self._save_in_scope(serializer)

    def perform_update(self, serializer):
        self._save_in_scope(serializer)

    def _save_in_scope(self, serializer):
        try:
            with transaction.atomic():
                saved = serializer.save()
                ensure_in_scope(saved, self.request.user)
        except OutOfJurisdiction as error:
            raise ValidationError({"region": [str(error)]}) from error
        # The answer is the row as a list shows it, with the annotations the serializer reads.
        serializer.instance = self.base_queryset(self.request.user).get(pk=saved.pk)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """List and read inside the caller's jurisdiction."""


# Every error the API answers has one of two shapes; the schema declares them once, here.
ERROR = ResolvedComponent(
    name="Error",
    type=ResolvedComponent.SCHEMA,
    object="Error",
    schema={
        "type": "object",
        "description": "未登录、无权限、记录不存在（或不在管辖范围内）、登录被锁定等：原因在 detail 中。",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
)
VALIDATION_ERROR = ResolvedComponent(
    name="ValidationError",
    type=ResolvedComponent.SCHEMA,
    object="ValidationError",
    schema={
        "type": "object",
        "description": (
            "输入有误：键是字段名（与整条记录有关的错误在 non_field_errors 中），"
            "值是该字段的错误信息列表（列表或嵌套字段按下标或子字段名再分）。"
        ),
        "additionalProperties": {},
    },
)


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with the error answers every operation may give declared.

    400 (input refused, ``ValidationError``) for every operation; 401, 403 and
    404 (``Error``) for every operation behind a login: a row outside the
    caller's jurisdiction is a 404 like a missing one. An operation that
    declares its own answer for a code keeps it.
    """

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        self.registry.register_on_missing(ERROR)
        self.registry.register_on_missing(VALIDATION_ERROR)
        errors = {"400": (VALIDATION_ERROR, "输入有误")}
        if not self._is_public():
            errors.update(
                {
                    "401": (ERROR, "未登录或令牌无效、已过期"),
                    "403": (ERROR, "无权进行此操作"),
                    "404": (ERROR, "记录不存在或不在管辖范围内"),
                }
            )
        for code, (component, description) in errors.items():
            operation["responses"].setdefault(
                code, {"content": {"application/json": {"schema": component.ref}}, "description": description}
            )
        return operation

    def _is_public(self) -> bool:
        return all(isinstance(permission, AllowAny) for permission in self.view.get_permissions())

    def _map_basic_serializer(self, serializer, direction):
        """Each field as it is really sent and answered.

        A blank-allowed field accepts and answers "" whatever its pattern; a
        field answered ``None`` when its source is missing (``default=None``)
        or an empty file is nullable; personal data (base.privacy) is answered
        masked to some roles, so its answer keeps no pattern.
        """
        schema = super()._map_basic_serializer(serializer, direction)
        serializer = force_instance(serializer)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        for name, field in serializer.fields.items():
            declared = schema["properties"].get(name)
            if declared is None:
                continue
            if "pattern" in declared and getattr(field, "allow_blank", False):
                declared["pattern"] = "^$|" + declared["pattern"]
            if direction != "response":
                continue
            if (field.read_only and field.default is None) or _empty_file_possible(model, field):
                declared["nullable"] = True
            if model is not None and personal_kind(model, field.source) and "pattern" in declared:
                del declared["pattern"]
                declared["description"] = (declared.get("description", "") + " 按查看人的角色可能部分遮蔽。").strip()
        return schema


def _empty_file_possible(model, field) -> bool:
    """Whether ``field`` is a file field its model lets stay empty (answered as null)."""
    if not isinstance(field, serializers.FileField) or model is None:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:
        return True


def exception_handler(exc, context):
    """DRF's answer to an error, with a refusal that names no field put under ``non_field_errors``.

    ``ValidationError("…")`` raised in a view would otherwise answer a bare
    list; every 400 is an object keyed by field, as the schema declares.
    """
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"non_field_errors": response.data}
    return response
