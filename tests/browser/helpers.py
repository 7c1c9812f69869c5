"""Steps shared by the browser journeys."""

from playwright.sync_api import expect


def pick(page, field_id: str, typed: str, option: str) -> None:
    """Choose in a type-ahead field (ocop_portal/typeahead.py): type, then click the option."""
    page.locator(f"#{field_id}-ts-control").fill(typed)
    choice = page.locator(".ts-dropdown .option", has_text=option).first
    expect(choice).to_be_visible()
    choice.click()
