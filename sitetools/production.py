"""What the public site needs from the settings, checked before a deploy builds anything.

A pure function on the settings dict (as `pelican.settings.read_settings`
returns it for `publishconf.py`): every problem at once, each naming the
setting and what to set.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def problems(settings: dict, require_explicit: bool = True) -> list[str]:
    """List what keeps these settings from being published (empty when they are fine).

    With `require_explicit`, the sample agency's address (`SITEURL_SOURCE` is
    "sample", the default of local publish builds) is a problem too: a deploy
    must name the portal's own address.
    """
    found = []
    siteurl = str(settings.get("SITEURL") or "")
    if require_explicit and (settings.get("SITEURL_IS_SAMPLE") or settings.get("SITEURL_SOURCE") == "sample"):
        found.append(f"SITEURL: chưa đặt địa chỉ công khai của cổng (đang dùng địa chỉ mẫu {siteurl}); "
                     "hãy đặt biến môi trường PORTAL_SITEURL=https://… hoặc PUBLIC_SITEURL trong publishconf.py")
    parts = urlsplit(siteurl)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        found.append(f"SITEURL: “{siteurl}” không phải địa chỉ tuyệt đối (https://ten-mien…); "
                     "hãy đặt PORTAL_SITEURL, ví dụ https://skhcn.quangtri.gov.vn")
    elif siteurl.endswith("/") or parts.query or parts.fragment:
        found.append(f"SITEURL: “{siteurl}” không được kết thúc bằng “/” hay có “?”, “#”")
    if settings.get("RELATIVE_URLS"):
        found.append("RELATIVE_URLS: phải là False khi xuất bản (nguồn tin, sơ đồ trang và liên kết chính tắc "
                     "cần địa chỉ tuyệt đối)")
    for key in ("FEED_DOMAIN", "SITE_HOST"):
        if siteurl and settings.get(key) != siteurl:
            found.append(f"{key}: phải bằng SITEURL ({siteurl}), đang là “{settings.get(key)}”")
    if not settings.get("FEED_ALL_ATOM") or not settings.get("FEED_ALL_RSS"):
        found.append("FEED_ALL_ATOM / FEED_ALL_RSS: nguồn tin (feed) phải được bật khi xuất bản")
    for key in ("DRAFT_SAVE_AS", "DRAFT_PAGE_SAVE_AS"):
        if settings.get(key):
            found.append(f"{key}: phải để trống khi xuất bản để bản nháp không lên cổng (đang là “{settings[key]}”)")
    return found
