//! The macros that declare the model: [`record!`] (a record type) and
//! [`choice!`] (a closed set of text values), each giving the type, its
//! decoder and its JSON Schema from one declaration.

/// Declares a record type: the struct, its decoder and its JSON Schema.
///
/// Optional fields are `Option<_>` or `Vec<_>`; every other field is required.
macro_rules! record {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            $( $(#[doc = $fdoc:literal])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $( $(#[doc = $fdoc])* pub $field: $ty, )*
            /// Where the record and each of its fields were written.
            pub at: $crate::decode::Spans,
        }

        impl $name {
            /// The field names, as written in files.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];
        }

        pastey::paste! {
            impl $name {
                /// What the record is, in a word, for messages.
                const NOUN: &'static str = stringify!([<$name:snake>]);

                /// The fields that are tables themselves, with their fields:
                /// asked for only when a key is unknown.
                fn tables() -> Vec<(&'static str, &'static [&'static str])> {
                    vec![$((
                        stringify!($field),
                        <$ty as $crate::decode::Decode>::table_fields(),
                    )),*]
                }
            }
        }

        pastey::paste! {
            impl $name {
                $(
                    #[doc = concat!("The `", stringify!($field), "` field.")]
                    pub const [<$field:upper>]: $crate::decode::Field =
                        $crate::decode::Field::declared(stringify!($field));
                )*
            }
        }

        impl $crate::decode::Record for $name {
            fn at(&self) -> &$crate::decode::Spans {
                &self.at
            }

            fn at_mut(&mut self) -> &mut $crate::decode::Spans {
                &mut self.at
            }
        }

        impl $crate::decode::Decode for $name {
            fn decode(
                node: &mut $crate::node::Node,
                field: &$crate::decode::FieldPath,
                cx: &mut $crate::decode::Cx,
            ) -> Option<Self> {
                let record = cx.span(node.range);
                let mut slots = [None; Self::FIELDS.len()];
                let entries = $crate::decode::table(
                    node, field, Self::FIELDS, Self::tables, &mut slots, cx,
                )?;
                let mut at = $crate::decode::Spans::with_capacity(
                    record,
                    Self::FIELDS,
                    $crate::decode::positions(entries),
                );
                cx.enclosing.push($crate::decode::Enclosing {
                    noun: Self::NOUN,
                    fields: Self::FIELDS,
                });
                // Fields in declared order: the n-th is `FIELDS[n]`.
                let mut index = 0;
                $(
                    let node = slots[index].and_then(|at| entries.get_mut(at)).map(|(_, node)| node);
                    let $field = $crate::decode::field::<$ty>(node, index, field, &mut at, cx);
                    index += 1;
                )*
                debug_assert_eq!(index, Self::FIELDS.len());
                cx.enclosing.pop();
                match ($($field,)*) {
                    ($(Some($field),)*) => Some(Self { $($field,)* at }),
                    _ => None,
                }
            }

            fn table_fields() -> &'static [&'static str] {
                Self::FIELDS
            }

            fn schema() -> serde_json::Value {
                let mut properties = serde_json::Map::new();
                let mut required: Vec<&str> = Vec::new();
                $(
                    let mut schema = <$ty as $crate::decode::Decode>::schema();
                    let doc = $crate::decode::doc_text(&[$($fdoc),*]);
                    if let (Some(object), false) = (schema.as_object_mut(), doc.is_empty()) {
                        object.insert("description".into(), doc.into());
                    }
                    properties.insert(stringify!($field).into(), schema);
                    if <$ty as $crate::decode::Decode>::REQUIRED {
                        required.push(stringify!($field));
                    }
                )*
                serde_json::json!({
                    "type": "object",
                    "description": $crate::decode::doc_text(&[$($doc),*]),
                    "properties": properties,
                    "required": required,
                    "additionalProperties": false,
                })
            }
        }
    };
}

/// Declares a closed set of text values: the enum, its decoder (with a
/// suggestion for near misses) and its JSON Schema.
macro_rules! choice {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident {
            $( $(#[doc = $vdoc:literal])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(
                $(#[doc = $vdoc])*
                #[doc = concat!("\n\nWritten `", $text, "` in files.")]
                $variant,
            )*
        }

        impl $name {
            /// Every value, as written in files.
            pub const ALL: &'static [&'static str] = &[$($text),*];

            /// The value as written in files.
            pub fn as_str(self) -> &'static str {
                match self { $( Self::$variant => $text, )* }
            }

            /// The value written `text` in files, if it is one (exactly:
            /// the decoder is what forgives case and synonyms).
            pub fn parse(text: &str) -> Option<Self> {
                match text { $( $text => Some(Self::$variant), )* _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl $crate::decode::Decode for $name {
            fn decode(
                node: &mut $crate::node::Node,
                field: &$crate::decode::FieldPath,
                cx: &mut $crate::decode::Cx,
            ) -> Option<Self> {
                $crate::decode::decode_choice(node, field, Self::ALL, cx)
                    .and_then(|text| Self::parse(&text))
            }

            fn schema() -> serde_json::Value {
                serde_json::json!({ "type": "string", "enum": Self::ALL })
            }
        }
    };
}

pub(crate) use {choice, record};
