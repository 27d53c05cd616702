-- The URL of a file under MEDIA_ROOT, as `mediaUrl` (server/media/storage.ts) builds it: `/media/`
-- and the path with every byte outside A-Z a-z 0-9 - . _ ~ / percent-encoded (UTF-8, upper-case
-- hex; encodeURIComponent per segment, with ! ' ( ) * encoded too). PostgreSQL-built answers use it.
CREATE FUNCTION media_url(path text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN '/media/' || CASE
  WHEN path ~ '^[A-Za-z0-9._~/-]*$' THEN path
  ELSE (
    SELECT string_agg(
      CASE
        WHEN b BETWEEN 48 AND 57 OR b BETWEEN 65 AND 90 OR b BETWEEN 97 AND 122 OR b IN (45, 46, 47, 95, 126)
          THEN chr(b)
        ELSE '%' || upper(lpad(to_hex(b), 2, '0'))
      END, '' ORDER BY n)
    FROM (
      SELECT get_byte(convert_to(path, 'UTF8'), n) AS b, n
      FROM generate_series(0, octet_length(convert_to(path, 'UTF8')) - 1) AS n
    ) AS bytes)
END;
--> statement-breakpoint
-- A StdImage rendition's path, as `renditionPath` names it: `part_images/x.png` →
-- `part_images/x.thumbnail.png` (a name without an extension gets the suffix at its end).
CREATE FUNCTION media_rendition(path text, variant text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE
  WHEN path ~ '[^/]\.[^./]*$' THEN regexp_replace(path, '(\.[^./]*)$', '.' || variant || '\1')
  ELSE path || '.' || variant
END;
