// MD5 of a string's UTF-8 bytes, as lower-case hex.
import SparkMD5 from 'spark-md5';

/**
 * spark-md5 encodes the string to UTF-8 itself, and throws on a lone UTF-16 surrogate; `toWellFormed` replaces one
 * with U+FFFD first, which is also what any UTF-8 encoder (and so OK's server) makes of it.
 */
export function md5Hex(text: string): string {
  return SparkMD5.hash(text.toWellFormed());
}
