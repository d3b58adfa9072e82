"""Routes of resumable uploads (tus 1.0 core semantics) and file downloads (with Range)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from central.deps import ServicesDep, UserDep
from central.problems import ProblemError
from sync.wire import UploadCreate, UploadCreated

router = APIRouter(tags=["files"])
TUS = {"Tus-Resumable": "1.0.0"}
OFFSET_MEDIA_TYPE = "application/offset+octet-stream"
Sha256Path = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
UploadIdPath = Annotated[str, Path(max_length=64)]


@router.post("/uploads", response_model=UploadCreated, status_code=201)
def create_upload(req: UploadCreate, user: UserDep, svc: ServicesDep) -> JSONResponse:
    created, is_new = svc.uploads.create(user, req)
    return JSONResponse(
        created.model_dump(mode="json"), status_code=201 if is_new else 200, headers=TUS
    )


@router.head("/uploads/{upload_id}", status_code=200)
def upload_offset(upload_id: UploadIdPath, user: UserDep, svc: ServicesDep) -> Response:
    upload = svc.uploads.get(user, upload_id)
    headers = {
        "Upload-Offset": str(upload.offset),
        "Upload-Length": str(upload.size),
        "Cache-Control": "no-store",
        **TUS,
    }
    return Response(status_code=200, headers=headers)


@router.patch("/uploads/{upload_id}", status_code=204)
async def upload_chunk(
    upload_id: UploadIdPath,
    request: Request,
    user: UserDep,
    svc: ServicesDep,
    upload_offset: Annotated[int, Header(ge=0)],
    content_type: Annotated[str, Header()],
) -> Response:
    if content_type.split(";")[0].strip().lower() != OFFSET_MEDIA_TYPE:
        raise ProblemError(
            415,
            "unsupported_media_type",
            "Jenis isi salah",
            f"Potongan unggahan harus dikirim sebagai {OFFSET_MEDIA_TYPE}.",
        )
    offset = await svc.uploads.receive(user, upload_id, upload_offset, request)
    return Response(status_code=204, headers={"Upload-Offset": str(offset), **TUS})


@router.get(
    "/files/{sha256}",
    response_class=FileResponse,
    responses={206: {"description": "Partial content (Range)"}},
)
async def download(sha256: Sha256Path, user: UserDep, svc: ServicesDep) -> FileResponse:
    path, mime = await run_in_threadpool(svc.uploads.file_for, user, sha256)
    # The type is the one the bytes prove (never the uploader's word); browsers must not guess
    # another one, and must save the file rather than open it in place.
    headers = {
        "Cache-Control": "private, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'attachment; filename="{sha256}"',
    }
    return FileResponse(path, media_type=mime, headers=headers)
